"""The blind sets are pinned: their bytes cannot change, and none of their sentences is in the training data
until the set has been used.

A blind set measures messages nobody tuned against (issue 11). It is single-use: once its one honest figure is
recorded (bench/README.md) and its errors read, it is listed in intents/training/used_sets.yaml and becomes
training data. This test reads the sets only to hash them and to compare their sentences with what the model
learns from; its failures name counts, never sentences.
"""
from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import yaml

from bot.nlu.normalize import normalize, tokens
from bot.nlu.train import ROOT, collect, used_sets

DATA = Path(__file__).parent / "data"
PINNED = {
    "blind_first_messages.yaml": "e8e37757228f1a7321381c0632cd7983b209bed32ac956202ffcb9701152b8cb",
    "blind_safety_questions.yaml": "1e388d818f9b8de4ce58aba5af77e344c00ad5e8fb4d42cf4c30367d4d833449",
    # second blind sets (2026-11-30), written blind for the next measure of issue 11; committed before tuning
    "blind_first_messages_2.yaml": "7896df54dd3df285769e204449ff9d0d5201451e93e406bfc44759b1045b4ae1",
    "blind_safety_questions_2.yaml": "70d1de8921baeb79deafa7507c5b6e58bb911967cb43666f695e849d632140cd",
    # third blind sets (2026-11-30 04:00), written blind; committed before the third step's model is measured
    "blind_first_messages_3.yaml": "bde9ea3dd216f34aa924826048e4fba8631921225d7aa59069e3c90e7a162d94",
    "blind_safety_questions_3.yaml": "d30d08c5ceb013461b5b6084e7007618e5d5a87963d29855b4cacf8230e2f396",
    # fourth blind sets (2026-11-30 06:40), written blind (first messages in two parts by two writers who did not
    # see each other's file); committed and pinned before anything is measured on them
    "blind_first_messages_4.yaml": "19b7c1218c38004719006144598f365e9fb559c7456da2eceaa3228496723235",
    "blind_safety_questions_4.yaml": "5051d37fa97abc7da9b4cd030733907942813de97a10d0b7b641198eb8bb3274",
    # fifth blind sets (2026-11-30 07:08), written blind by two new writers after the fourth sets were measured;
    # committed and pinned before anything is measured on them
    "blind_first_messages_5.yaml": "50b8449b182949029a3ac00e653ea4a9f61c28bcea212e0c717fae3f44af750d",
    "blind_safety_questions_5.yaml": "9055111e820254881506c0ac01118c2e6dfb117f851d7fa8a9094a2eb1b88555",
    # Bengali and Urdu first messages (issue 13's proof), written blind by native-style writers; measured once the
    # bn and ur language packs exist
    "blind_bengali_first_messages.yaml": "049899ade13453c647383ba6e1f7b850186604653eb11679c2b3658a03a556c1",
    "blind_urdu_first_messages.yaml": "280f7aaa23ff6fb4c4ff87717b4523972c0bfd2664a1d41be069e6b3c3bc6668",
    # sixth blind sets (2026-11-30 09:27, session 5), written blind by five new writers (first messages in two parts
    # by two writers who did not see each other's file; safety questions; Bengali; Urdu) from a brief of DESIGN.md's
    # intents and golden-hour rule, the topic titles and the news articles; committed and pinned before any measure
    "blind_first_messages_6.yaml": "282567313b30b10613f635fe19857cd8987dcfb9eeeb448bc6414e9633537a15",
    "blind_safety_questions_6.yaml": "3ae3dc5a4aa0b1bb4ede9fc486f8bdabc732d163fdaed08d9afb0a206e4c4b91",
    "blind_bengali_first_messages_2.yaml": "ba906228ef039bafd1475717496515306f0dc2ecbb2b6ae78d9268d7d368e083",
    "blind_urdu_first_messages_2.yaml": "06d2435cdc47cf906f476553722fefeed3d69887cd482ce8183540a37386526a",
    # seventh blind sets (2026-11-30 10:20, session 5), written blind by five more new writers after two helpers had
    # seen counts (and one some lines) of the sixth; committed and pinned before anything is measured on them
    "blind_first_messages_7.yaml": "3df5614006b73ec3c77ae562b1af3d84cf3f50e6b1e06c03032b67a8666b6f8f",
    "blind_safety_questions_7.yaml": "6f613cf6a5507d8c9bf6d82dd7ce504c46f729db57fc9bac20f1fc3ad6ced968",
    "blind_bengali_first_messages_3.yaml": "63a53f59ec48cb08c756d7f126e584eec90d032acc33b4cf874c8322d8b9f17c",
    "blind_urdu_first_messages_3.yaml": "700e9d48ea419ae2927cdf3a5b1b85b9b5e57f647f0fbbb8fda9104395534046",
    # eighth blind sets (2026-11-30 12:40, session 6), written blind by five new writers from a brief written anew
    # (DESIGN.md's intents and golden-hour rule, topic titles, the news articles; first messages in two parts by two
    # writers who did not see each other's file); committed and pinned on a side branch before any measure, merged
    # into main only to be measured once
    "blind_first_messages_8.yaml": "7251e6bd685e50f6c876cba5fb74fe79adf29eb61c917d5010b5a632418e2cb5",
    "blind_safety_questions_8.yaml": "6512bb6b26b7ff1995ea40f6eb1285c2779d9090308ad1adf5a8717361274e87",
    "blind_bengali_first_messages_4.yaml": "d4a5324b8dc36513446b64230ee720d31194274203fa0075169250b3cc644a28",
    "blind_urdu_first_messages_4.yaml": "60cf940dd6c5fc386436c035a9d33d9de1c60d02a8c0be0d6e6d5f5360904c29",
    # ninth blind sets (2026-11-30 15:50, session 7), written blind by four new writers from docs/blind_brief (topics.txt
    # made anew from lang/en/knowledge; first messages in two parts by two writers who did not see each other's file;
    # one writer wrote both Bengali and Urdu); pinned on a side branch before any measure, merged only to measure once
    "blind_first_messages_9.yaml": "9a0e432a80c54a2c2087b0fead283eb762e4925cab2953a8714823cf5cdde58a",
    "blind_safety_questions_9.yaml": "d86ba24ae8ed699d7e7bac4953d8274eb734716ddfca5c0e5aa8e18551c350f8",
    "blind_bengali_first_messages_5.yaml": "1b7e2b369001f60083d71431f79810dbc85dc458337c119dc42eb0bc78fc4a62",
    "blind_urdu_first_messages_5.yaml": "103526015c021340ad69aa852d6de6a0805c97975de1d10b9ffb8b04d0379a92",
    # tenth blind sets (2026-11-30 18:55, session 8), written blind by five new writers from docs/blind_brief (as
    # /work/blind11/brief; topics.txt made anew from lang/en/knowledge; first messages in two parts by two writers who
    # did not see each other's file; Bengali and Urdu by two writers); pinned on a side branch before any measure
    "blind_first_messages_10.yaml": "bcc444e16d83e9865b87b1e38195cc0de856e3df7f3883ddb2eba69467b08234",
    "blind_safety_questions_10.yaml": "74245728b440420bf72ed3b878968b4dc3ae378f92b63b70d2c39343724ca6e5",
    "blind_bengali_first_messages_6.yaml": "ffd9e57d23f658fca2742b51c7d721e6ceaa717898ef8f3e3eb5c2849ffd8da4",
    "blind_urdu_first_messages_6.yaml": "664093c8242d04dbe1133ba6e98824bde9d8231c42ed61de89acc1b69161d3e6",
    # eleventh blind sets (2026-11-30 20:20, session 8), written blind by five new writers from docs/blind_brief (as
    # /work/blind12/brief) while the tenth sets were being learned; pinned on a side branch before any measure; measured
    # once on 2026-11-30 20:46 (bench/README.md); training data since session 9 (intents/training/used_sets.yaml)
    "blind_first_messages_11.yaml": "b14e46c4dcf1dbf822020a2863e9598b93275c72a0a525468e9106a1d7bb8fa6",
    "blind_safety_questions_11.yaml": "742402d43608555dd76b58efbb7a377b67edcb99d52dd5ec2f6d8ddfb1f5ff91",
    "blind_bengali_first_messages_7.yaml": "7457dada24ce789a9b2b7c0f8a9ceb3d2d48d2d7a5f3c8f37d16fcaa8cd35926",
    "blind_urdu_first_messages_7.yaml": "f717dd5009018e159bfcc6033b41f37c2da863f618327f4897c74fe9c97c5966",
    # twelfth blind sets (2026-11-30 22:00, session 9), written blind by five new writers from docs/blind_brief (as
    # /work/blind13/brief; topics.txt made anew from lang/en/knowledge, unchanged); first messages in two parts of 250 by
    # two writers who did not see each other's file; pinned on a side branch before any measure; measured once on
    # 2026-11-30 23:02 (bench/README.md); training data since (intents/training/used_sets.yaml)
    "blind_first_messages_12.yaml": "d9facd696cea3a38f5415ce2171aba9f270c3c8a462f85b0bbde105072a43220",
    "blind_safety_questions_12.yaml": "43235501e45bbc0155d49cfbf5eb7925db3847f7d5faeca22734644a216a1c5a",
    "blind_bengali_first_messages_8.yaml": "8b38020723d43d5a24ca6f82929e264096d2cf2a249b1552fecfdb0d81d2274d",
    "blind_urdu_first_messages_8.yaml": "049fcd7280eea9d21e62291d6ad9ac88f79dc1123b1fc0a67396cbfeaaeda711",
    # thirteenth blind sets (2026-12-01 01:30, session 10), written blind by five new writers from docs/blind_brief (as
    # /work/blind14/brief; topics.txt made anew from lang/en/knowledge, unchanged); first messages in two parts of 250 by
    # two writers who did not see each other's file; pinned on a side branch before any measure; measured once on
    # 2026-12-01 01:22 (bench/README.md); training data since (intents/training/used_sets.yaml)
    "blind_first_messages_13.yaml": "2c560cc6050a91df03ba1ce42c9387dfe24747e347c827af24ffc99d169fe011",
    "blind_safety_questions_13.yaml": "a181e4fb402a0733344dc7d738fb91d142644bed2da169c3bb76bca7c53f2fb6",
    "blind_bengali_first_messages_9.yaml": "3dd735ba6c1be5a26ad53e86c68f3688b308cff312b2f9f63c4743689eb2c7c6",
    "blind_urdu_first_messages_9.yaml": "28d4faa89a9a9a1347b98d89f1c7e0af96856f16a151be57b7d89fbb674bdfdf",
    # fourteenth blind sets (2026-12-01 02:15, session 10), written blind by five new writers from docs/blind_brief (as
    # /work/blind15/brief; topics.txt unchanged) while session 10's round worked on the thirteenth sets' misses; first
    # messages in two parts of 250 by two writers apart; pinned on a side branch before any measure; measured once on
    # 2026-12-01 02:17 (bench/README.md); training data since (intents/training/used_sets.yaml)
    "blind_first_messages_14.yaml": "8ae596c10e34515edae7fd35a3f64fb90c7a38a2a4ebe656638910689af4dc80",
    "blind_safety_questions_14.yaml": "6831cf029defad0f5c07b3170ba4b32542c0c0a64864335f7243ebee9e3a4771",
    "blind_bengali_first_messages_10.yaml": "ae5e0c4b621bf27f3978dfcef635adb026c46acddccfcc16dcc44b985ace2e71",
    "blind_urdu_first_messages_10.yaml": "f7e8bda3dbfcc723fc34a3a837422eaae514276c456bee592cb343594d2c82b0",
    # fifteenth blind sets (2026-12-01 05:25, session 11), written blind by five new writers from docs/blind_brief (as
    # /work/blind16/brief; topics.txt made anew from lang/en/knowledge, unchanged); first messages in two parts of 250 by
    # two writers apart; pinned on a side branch before any measure; measured once on 2026-12-01 05:20 on session 10's
    # main (bench/README.md); training data since (intents/training/used_sets.yaml)
    "blind_first_messages_15.yaml": "7a7a1b64dff2746c195be836b6a819910647dc6362971838f6291f911b2660cd",
    "blind_safety_questions_15.yaml": "a5e3c25b176c31fd6dfeaa270d8c783720bf647a242fe4cc6721230d9a2c6db1",
    "blind_bengali_first_messages_11.yaml": "32517e2ee764b8e3721d687cc49b685cbc421e85efac33451513846c50a3f829",
    "blind_urdu_first_messages_11.yaml": "b04d03723088d1b4f427805bb1585d0617d38e6df6e5535002d57f1f592f559f",
    # sixteenth blind sets (2026-12-01 06:35, session 11), written blind by five new writers from docs/blind_brief (as
    # /work/blind17/brief; topics.txt unchanged) while session 11's round worked on the fifteenth sets' misses; first
    # messages in two parts of 250 by two writers apart; pinned on a side branch before any measure; measured once on
    # 2026-12-01 06:39 on integ (bench/README.md); training data since (intents/training/used_sets.yaml)
    "blind_first_messages_16.yaml": "a67064952ae2ee5325b8a5aac21eaf7a359a95e72dae50291568d7c3ab3a019e",
    "blind_safety_questions_16.yaml": "90e39fa78dfb02a0cd96bed2dffbf19addc0622645d25b9493fbc2f8ac67539f",
    "blind_bengali_first_messages_12.yaml": "95240481d4cf05ce8e1c36119aa23c7beaabe8a115c9df38d2e724cd52504d20",
    "blind_urdu_first_messages_12.yaml": "00489cd6f063ca935617bbd25d54d4cd1d5471b742bd711d75e0fd54ac103fbf",
    # seventeenth blind sets (2026-12-01 08:44, session 12), written blind by five new writers from docs/blind_brief
    # (as /work/blind18/brief; topics.txt of 44 topics) at the start of session 12; first messages in two parts of
    # 250 by two writers apart; pinned on a side branch before any measure; measured once on 2026-12-01 08:45 on
    # session 11's main e2fe094 (bench/README.md); training data since (intents/training/used_sets.yaml)
    "blind_first_messages_17.yaml": "701f2ad1b91a3f92883cfff1e75ae3cf8668e225f8f1688ecd5d5e20d05dbf1d",
    "blind_safety_questions_17.yaml": "431ac5e70463c02c49a2611b45f1d5881980982455d532bbc05359e8dc95429d",
    "blind_bengali_first_messages_13.yaml": "a24e32b712966045f349246245aec26aeffd086b4f06980a2ac2a2fd4dcb1fa3",
    "blind_urdu_first_messages_13.yaml": "a7c4b0073bd42a322a6308f67445c3ae5f31a8668e5b74b78b1b029514794e83",
    # eighteenth blind sets (2026-12-01 10:53, session 12), written blind by five new writers from docs/blind_brief
    # (as /work/blind19/brief; topics.txt of 45 topics) while session 12's round was merged; first messages in two
    # parts of 250 by two writers apart; pinned on a side branch before any measure; measured once on session 12's
    # main after its round (bench/README.md); training data since session 13 (one writer saw the other files' names,
    # not them)
    "blind_first_messages_18.yaml": "1f241545d000eec9bb79f9cccc271ddd2572e4363938d43a32b40d356c8d3682",
    "blind_safety_questions_18.yaml": "981d305a438f16e2b29b1e392524b5f2c082bc93e7179ec153bbb47779aec939",
    "blind_bengali_first_messages_14.yaml": "1d1c0e3803065d905823392884243e976639ac720225595477b596e003ea6d15",
    "blind_urdu_first_messages_14.yaml": "7dce738dcf06b317f040d920b2fc4e5978a5e76df79e30128d7da5c557e0abbf",
    # nineteenth blind sets (2026-12-01 12:15, session 13), written blind by five new writers from docs/blind_brief
    # (as /work/blind20/brief; topics.txt of 45 topics) at the start of session 13; first messages in two parts of
    # 250 by two writers apart; pinned before any measure; measured once on session 13's main with the eighteenth sets
    # learned (bench/README.md)
    "blind_first_messages_19.yaml": "8ccdb1e4a7b15db8f1f6e5e1adffc11228b929904ed061f40115a464a73802c8",
    "blind_safety_questions_19.yaml": "37efbd7ec58179d5e5b79f3c43aa6bf5364dc804f0e251e0258631c945e192f3",
    "blind_bengali_first_messages_15.yaml": "702efdde99849232a6aead35ea9e39779111d7d54ac0c2d2b53ccb3ab3b78e8c",
    "blind_urdu_first_messages_15.yaml": "a9cc02c591f9c7c45ca6982e92fb15a2b2cf950f6e4d54cbe2d08eba8dd90d81",
    # twentieth blind sets (2026-12-01 13:44, session 13), written blind by five new writers from docs/blind_brief (as
    # /work/blind21/brief; 45 topics) while session 13's round worked; first messages in two parts of 250 by two
    # writers apart; pinned before any measure; measured once on session 13's integration of its round
    # (bench/README.md); learned in session 14 (used_sets.yaml)
    "blind_first_messages_20.yaml": "7b56826f8e15d1547905a71b725cf9ecfb4fa6e5458ccfd77649d982b9c2c402",
    "blind_safety_questions_20.yaml": "b2ff8cb288a7885e2550f61a630538a6a9d72188e4234b4528a74d8d0614c367",
    "blind_bengali_first_messages_16.yaml": "9139cb8a49578e44b1c98b3b97ef4a102d975fe9894a67fccfc93ed1ca87e84e",
    "blind_urdu_first_messages_16.yaml": "50f7dd092853532a5153408b1254a518c52de3172e2f57581ee4122861892179",
    # twenty-first blind sets (2026-12-01 15:50, session 14), written blind by five new writers from docs/blind_brief
    # (as /work/blind22/brief; 45 topics) at the start of session 14; first messages in two parts of 250 by two
    # writers apart; pinned before any measure; measured once on session 14's main with the twentieth sets learned
    # (bench/README.md); learned at once in session 14 (used_sets.yaml)
    "blind_first_messages_21.yaml": "4fcc66e06930a7c1a8efc8c4607a6f1523e12216e8498c01bce402cc6fcaeb60",
    "blind_safety_questions_21.yaml": "2b4404f98ace379d6ba9ebf637a93cff2da835e233bb4528d7fa3cc21c002c39",
    "blind_bengali_first_messages_17.yaml": "fc4a2a0c6e9ee94af795a3d90818eee80e0a918408f2abb6bd0de2e9cc7c7712",
    "blind_urdu_first_messages_17.yaml": "7b9ec7b7e45bd0718f65aae69c72985e7ac37ae8a5fabdccd7c8a3dea45fe5eb",
    # twenty-second blind sets (2026-12-01 17:08, session 14), written blind by five new writers from docs/blind_brief
    # (as /work/blind23/brief; 45 topics) while session 14's round was merged; first messages in two parts of 250 by
    # two writers apart; pinned before any measure; measured once on session 14's integration of its round
    # (bench/README.md); learned in session 15 (used_sets.yaml)
    "blind_first_messages_22.yaml": "51f0b4ccc6b908b88817a48a7ec2c4082b62085c992c7eb7f1eb7e238e6fa3c1",
    "blind_safety_questions_22.yaml": "15c31ba49ba854ea07cc15f668eeb083d8d3387634b945d97b9551c71195e4d4",
    "blind_bengali_first_messages_18.yaml": "eb0223c3bcd18147d64df832bd36ac42dbc9cdb06f468da2dbd2848476c22ede",
    "blind_urdu_first_messages_18.yaml": "770f0223d7e6afc09c96999958d7bd7343a001c71a3d41e76781f6fc812e260a",
    # twenty-third blind sets (2026-12-01 20:33, session 15), written blind by five new writers from docs/blind_brief
    # (as /work/blind24/brief; 45 topics) at the start of session 15; first messages in two parts of 250 by two
    # writers apart; pinned before any measure; measured once on session 15's main with the twenty-second learned
    # (bench/README.md); learned at once in session 15 (used_sets.yaml)
    "blind_first_messages_23.yaml": "fc66f2f38442181432d4dbe4c5511f0edcd72f549eb4c3356efd79762f47abaf",
    "blind_safety_questions_23.yaml": "11245585c487c616c58dfd6997309790f82ea320cc106dcec4d7e2d255d45a23",
    "blind_bengali_first_messages_19.yaml": "a871d205469265e419078a32c2afab1110d163882be10f5e5ef9e27322a340c4",
    "blind_urdu_first_messages_19.yaml": "659a4abb27edc62b0f2a8ceb2ffca5db00494ac078acb4d6e652c2b2dd4c224e",
    # twenty-fourth blind sets (2026-12-01 21:09, session 15), written blind by five new writers from docs/blind_brief
    # (as /work/blind25/brief; 45 topics) while session 15's round worked; first messages in two parts of 250 by two
    # writers apart; pinned on a side branch before any measure; measured once on session 15's integration of its
    # round (bench/README.md); learned in session 16 (used_sets.yaml)
    "blind_first_messages_24.yaml": "95608f5ff463e2ad6318c6ebd7a98a4366dd9b0f537fbfbbbacb3ba539fc0471",
    "blind_safety_questions_24.yaml": "0b38c2e895835ee0850ff09d4afe71e2fa1dead894ec94558c2ae2c38cfce952",
    "blind_bengali_first_messages_20.yaml": "a8667286dd0b0b18303754301ae7db4cb4db62ce1985d9c6c0c49184edb70c8b",
    "blind_urdu_first_messages_20.yaml": "66e82d7912348f74cf5f9a5afcfa4116d08250af44c665d64dc6427dbe9f5700",
    # twenty-fifth blind sets (2026-12-02 01:00, session 16), written blind by five new writers from docs/blind_brief
    # (as /work/blind26/brief; 45 topics) at the start of session 16; first messages in two parts of 250 by two
    # writers apart; pinned on a side branch before any measure; measured once on session 16's main with the
    # twenty-fourth learned (bench/README.md); learned at once in session 16 (used_sets.yaml)
    "blind_first_messages_25.yaml": "7684962ad4b2dcbaa7381af6e2f50450477f2ab40926e22cb6435f2bfbb43d89",
    "blind_safety_questions_25.yaml": "f979b66b8723554a063323749f5ab4d93e2989521b82098d771c449f633e40fd",
    "blind_bengali_first_messages_21.yaml": "2233bbc59fc8dbc6be89eb7520deeb4e1d124f5545349af470c1019751ab62e3",
    "blind_urdu_first_messages_21.yaml": "c991b7bbdfc5e338b8ca6cf42983c236012d971aa08777db09b2a67d6a868e9c",
    # twenty-sixth blind sets (2026-12-02 04:10, session 17), written blind by five new writers from docs/blind_brief
    # (as /work/blind27/brief; 45 topics) at the start of session 17; first messages in two parts of 250 by two
    # writers apart; pinned on a side branch before any measure; to be measured once on session 17's main, the first
    # measure of session 16's round (bench/README.md); learned at once in session 17 (used_sets.yaml)
    "blind_first_messages_26.yaml": "e00c3eca43c582a32bf133d694e7d1305d0b579df472224603ff71f9ac1748eb",
    "blind_safety_questions_26.yaml": "f430f4886b4bf5a69a1bb4ca49a1fb985b5661a17d6592be5a0aa8434ddbe4d2",
    "blind_bengali_first_messages_22.yaml": "64b40c96317aff9ce5f7e4bbc65048ed1c39fbe7795f5cae2e1baa008127a730",
    "blind_urdu_first_messages_22.yaml": "323fa38043965339d319a7942a9e6bf7fa5a3623dd95806bb27b78a1e849b59e",
    # twenty-seventh blind sets (2026-12-02 07:20, session 18), written blind by five new writers from docs/blind_brief
    # (as /work/blind28/brief; 45 topics) at the start of session 18; first messages in two parts of 250 by two
    # writers apart; pinned on a side branch before any measure; to be measured once on session 18's main, the first
    # measure of session 17's round (bench/README.md); learned at once in session 18 (used_sets.yaml)
    "blind_first_messages_27.yaml": "0d48fd77137200c8179412b19f1c09431c826e5943f5042a6c97c1a994465844",
    "blind_safety_questions_27.yaml": "be62aa0a80e3ecbc2dcc882e209425b149b5ea6c374fc06bb9752020a26a005c",
    "blind_bengali_first_messages_23.yaml": "5494bc444bf84299cb3203cead40ce2b300247975819b4971c036a8c608a1179",
    "blind_urdu_first_messages_23.yaml": "1bf3c776c50de90bd0592e23fdac042ef9d8f1e945043219eb730990f67f1134",
    # twenty-eighth blind sets (2026-12-02 08:40, session 18), written blind by five new writers from docs/blind_brief
    # (as /work/blind29/brief; 45 topics) while session 18's round was merged; first messages in two parts of 250 by two
    # writers apart; pinned on a side branch before any measure; to be measured once on the round's integration, the
    # first measure of session 18's round (bench/README.md); learned at once in session 18 (used_sets.yaml)
    "blind_first_messages_28.yaml": "53e8b198e880533a5d728bbe49fc62f3385ad874f115cf4ec820cee60fa75e3a",
    "blind_safety_questions_28.yaml": "b888f7c0fbb029b488cb77558a937b3b08e34d6f1019ce5698366bab0187d703",
    "blind_bengali_first_messages_24.yaml": "07a3d2d7de0e2dd52c134e2ec3de888e160480e707275cbe31fab1c0debe1e43",
    "blind_urdu_first_messages_24.yaml": "3e4ce12521c8b3cf9662cd5dee10a94802f9539257be86bb1e865281793a104c",
    # twenty-ninth blind sets (2026-12-02 10:38, session 19), written blind by five new writers from docs/blind_brief
    # (as /work/blind30/brief; 45 topics) at the start of session 19; first messages in two parts of 250 by two
    # writers apart; pinned on a side branch before any measure; to be measured once on session 19's main, the first
    # measure of session 18's round (bench/README.md); learned at once in session 19 (used_sets.yaml)
    "blind_first_messages_29.yaml": "466a2cb9d3f010f47157f16097ad0696145b2166cde7bc15a5bf732845944199",
    "blind_safety_questions_29.yaml": "be9abff33d33e1e4eec86f86802e330813a4612e10ecfaa5ef8ad03370a7dd39",
    "blind_bengali_first_messages_25.yaml": "803f391039f9627f44c87824014b32658ef803446f979ee14bbafac261e8c19e",
    "blind_urdu_first_messages_25.yaml": "6511ca66829501bc960dd648769852a03aab9eb82384b52bb02d032d80e371d8",
    # thirtieth blind sets (2026-12-02 11:45, session 19), written blind by five new writers from docs/blind_brief
    # (as /work/blind31/brief; 45 topics) while session 19's round was merged; first messages in two parts of 250 by two
    # writers apart; pinned on a side branch before any measure; to be measured once on the round's integration, the
    # first measure of session 19's round (bench/README.md); learned at once in session 19 (used_sets.yaml)
    "blind_first_messages_30.yaml": "eee514dea75cb6243cda2b33809e6d9e3c5780e73d9869336c61d8ab0d5a705a",
    "blind_safety_questions_30.yaml": "d423e6bd1556cf8070183f2efef43908dca3b2c648dd68b71a214e9f0648f71d",
    "blind_bengali_first_messages_26.yaml": "17e978bfe6b9982b8e0ef7248d162284d6e5efda24dbb88d7994bbceb2bcd2a7",
    "blind_urdu_first_messages_26.yaml": "f594556574799e0372b17b3ec3a34c03d5fa1a565ccf8713868bb06a47c454f0",
    # thirty-first blind sets (2026-12-02 13:30, session 20), written blind by five new writers from docs/blind_brief
    # (as /work/blind32/brief; 45 topics) at the session's start; first messages in two parts of 250 by two writers
    # apart; pinned on a side branch before any measure; to be measured once on main d7620c7 (session 19's
    # submission); learned at once in session 20 (used_sets.yaml)
    "blind_first_messages_31.yaml": "17be0f94a41c8108ae0541fe707e698c0cdde778a6103f9bed40106921247313",
    "blind_safety_questions_31.yaml": "020f450487000c917cf62556aad7cb21102934cf49aaa4f5880b463b9c351b26",
    "blind_bengali_first_messages_27.yaml": "95d7204e2a2427910845f0b4a4d90c3299a80e1396fc0483c24e997cbe10998a",
    "blind_urdu_first_messages_27.yaml": "1238474d9a6f7ccb195e090cb56487bf0b8e32af085b421b643c4f17a4c8c34a",
    # thirty-second blind sets (2026-12-02 14:55, session 20), written blind by five new writers from docs/blind_brief
    # (as /work/blind33/brief; 45 topics) while session 20's round was merged; first messages in two parts of 250 by
    # two writers apart; pinned on a side branch before any measure; to be measured once on the round's integration
    # bc41886 (the first measure of session 20's round, bench/README.md); learned at once in session 20 (used_sets.yaml)
    "blind_first_messages_32.yaml": "0e14a5b1ae479af67a9905d2648593fcead24ad0fd469d935fbdfb8c40ec30ef",
    "blind_safety_questions_32.yaml": "3831f5c9cdbfff1dd8d1044bbbca0f5ba71da9f309f6ba99acd3dc2ec8e29a3f",
    "blind_bengali_first_messages_28.yaml": "36d8c92b2106a33981340c415f618fa940385105a2f29eac009086fe4d32c2d7",
    "blind_urdu_first_messages_28.yaml": "be1179b960ac1ded841ededc0df0e761be1a9bc317599430fe4522bc7c7cc8fe",
}
USED = {Path(name).name for name in [*used_sets().first_messages, *used_sets().safety_questions]}
NOT_YET_USED = sorted(set(PINNED) - USED)
# training_text (the whole training corpus, about 20 s of CPU) is built once: the module runs on one xdist worker.
pytestmark = pytest.mark.xdist_group("blind_sets")
MIN_WORDS = 4  # "hi", "fraud", "hacked": one-word messages are everyone's; a sentence is not
LONG = 10  # a sentence this long found anywhere in the data files (even inside a longer line) was copied


@pytest.mark.parametrize("name", sorted(PINNED))
def test_a_blind_set_is_frozen(name):
    digest = hashlib.sha256((DATA / name).read_bytes()).hexdigest()
    assert digest == PINNED[name], f"{name} changed: a blind set is frozen once committed"


@pytest.fixture(scope="module")
def training_text():
    intents, topics = collect()
    learned = {normalize(t) for t in intents.texts + topics.texts}
    files = [*(ROOT / "intents").rglob("*.yaml"), *(ROOT / "knowledge").glob("*.yaml")]
    raw = normalize("\n".join(p.read_text(encoding="utf-8") for p in files))
    return learned, raw


@pytest.fixture(scope="module")
def earlier_sentences():
    """Every sentence of the used blind sets (training data now), read once for the module."""
    return {normalize(item["text"]) for used in USED
            for item in yaml.safe_load((DATA / used).read_text(encoding="utf-8"))}


def test_only_pinned_sets_are_used_as_training_data():
    assert USED <= set(PINNED), f"{sorted(USED - set(PINNED))} are listed as used but are not pinned blind sets"


@pytest.mark.parametrize("name", NOT_YET_USED)
def test_no_blind_sentence_is_in_the_training_data(name, training_text, earlier_sentences):
    learned, raw = training_text
    # Sentences of an earlier blind set (training data now) are left out: two blind writers who never saw each
    # other's work can write the same sentence ("I lost my phone in the metro, how do I block it?"); what this
    # test catches is a developer copying a blind sentence into the examples.
    earlier = earlier_sentences
    items = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    sentences = [normalize(item["text"]) for item in items
                 if len(tokens(item["text"])) >= MIN_WORDS and normalize(item["text"]) not in earlier]
    # A long sentence found in the data was copied. A short one can be written twice by people who never saw
    # each other's work ("I want to talk to a police officer"): up to 2% of those is coincidence, not copying.
    long_copied = sum(1 for s in sentences if len(s.split()) >= LONG and (s in learned or s in raw))
    short_same = sum(1 for s in sentences if len(s.split()) < LONG and s in learned)
    # A long generic question can also be written twice apart ("how to check if a loan app is rbi registered", ten
    # words, in the sixth safety set and in the examples): one in 200 is coincidence; more is copying.
    assert sentences and long_copied * 200 <= len(sentences), \
        f"{long_copied} long sentences of {name} are in intents/ or knowledge/"
    assert short_same * 50 <= len(sentences), f"{short_same} short sentences of {name} are in the training data"



@pytest.mark.parametrize("name", sorted(USED))
def test_a_used_set_is_learned_from(name, training_text):
    """A used set is training data: every one of its sentences is among what the model learns."""
    learned, _raw = training_text
    items = yaml.safe_load((DATA / name).read_text(encoding="utf-8"))
    missing = sum(1 for item in items if normalize(item["text"]) not in learned)
    assert missing == 0, f"{missing} of {len(items)} sentences of {name} are not learned from"
