"""Cases and casework: the officers' queue, incidents, priority and SLAs, case files, evidence, bank freeze requests, police stations and officers' accounts."""
