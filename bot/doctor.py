def main(args, environ): return 0
