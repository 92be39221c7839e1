#include "csmith.h"
struct S0 {
    uint32_t  f0;
    uint32_t  f1;
    signed f2 : 3;
    uint16_t  f3;
    int8_t  f4;
    const int8_t  f5;
 };
#pragma pack(1)
struct S1 {
    signed f0 : 2;
    signed f1 : 15;
    volatile unsigned f2 : 23;
    volatile signed f3 : 9;
    volatile unsigned f4 : 1;
    volatile signed f5 : 11;
 };
 struct S2 {
    uint32_t  f0;
    const signed f1 : 6;
    int16_t  f2;
    int8_t  f3;
    volatile int32_t  f4;
    volatile int16_t  f5;
    uint8_t  f6;
    int32_t  f7;
 };
 union U3 {
    volatile unsigned f0 : 8;
 };
  union U4 {
    int32_t  f0;
 };
  union U5 {
    int8_t * f0;
 };
  static int32_t g_2 = 0xB49D585EL;
  static int32_t g_5[10][6] = {
};
  static int32_t g_6 = 0x383CC47DL;
  static volatile int32_t g_7[4][1] = {
{7L}
,{1L}
,{7L}
,{1L}
};
  static volatile int32_t g_8 = 0x8D46758EL;
  static volatile int32_t g_9[7][5] = {
{0xDD5D0881L,0x02E889ECL,0xDD5D0881L,0x7D1649BCL,(-2L)}
,{(-8L),8L,0x021FBB9CL,8L,(-8L)}
,{8L,(-8L),0x392F2092L,0x392F2092L,(-8L)}
,{0x02E889ECL,0xDD5D0881L,0x7D1649BCL,(-2L),(-2L)}
};
  static volatile int32_t g_10 = 0x534A2C93L;
  static volatile int32_t g_11 = 0x88C5540FL;
  static int32_t g_12 = 0x6982B357L;
  static int8_t g_20 = (-4L);
  static struct S0 g_58 = {
0x02F310E2L,4294967290UL,-1,0x224CL,2L,-7L};
  static int32_t g_81 = 0x1A7339E9L;
  static volatile uint8_t g_84 = 0x40L;
  static union U5 g_85 = {
0};
  static volatile int32_t *g_99 = (void*)0;
  static uint8_t g_123 = 0x9CL;
  static volatile struct S1 g_124 = {
-1,7,532,-20,0,-39};
  static struct S1 g_134[7][5] = {
{{-0,-144,1140,1,0,7},{0,131,692,13,0,20},{1,31,919,9,0,-28},{0,91,2173,-9,0,-2},{0,91,2173,-9,0,-2}}
,{{-0,-97,1258,-16,0,28},{-1,-46,1402,-2,0,-16},{-0,-97,1258,-16,0,28},{1,31,919,9,0,-28},{-1,169,2641,5,0,-32}}
,{{1,-127,1885,0,0,34},{-1,-46,1402,-2,0,-16},{-1,-161,1739,21,0,40},{-0,-144,1140,1,0,7},{-1,-157,2066,8,0,-6}}
,{{0,-41,816,-0,0,9},{0,131,692,13,0,20},{0,91,2173,-9,0,-2},{-1,-167,816,-16,0,-35},{1,-127,1885,0,0,34}}
,{{-0,-97,2819,-12,0,-37},{-1,-157,2066,8,0,-6},{-1,-161,1739,21,0,40},{-1,-157,2066,8,0,-6},{-0,-97,2819,-12,0,-37}}
,{{1,-88,717,18,0,-19},{-0,-144,1140,1,0,7},{-0,-97,1258,-16,0,28},{-1,-157,2066,8,0,-6},{-1,-167,816,-16,0,-35}}
,{{1,-107,315,-5,0,-4},{1,-88,717,18,0,-19},{1,31,919,9,0,-28},{-1,-167,816,-16,0,-35},{-1,-107,113,-13,0,-13}}
};
  static int16_t g_155[9] = {
(-1L),(-1L),(-1L),(-1L),(-1L),(-1L),(-1L),(-1L),(-1L)};
  static uint32_t g_156[6] = {
0xD98BFE20L,0xD98BFE20L,0xD98BFE20L,0xD98BFE20L,0xD98BFE20L,0xD98BFE20L};
  static uint32_t g_159 = 0xF34A0336L;
  static uint64_t g_165 = 0x639792C5CF5260BBLL;
  static uint64_t *g_164 = &g_165;
  static int32_t *g_183[5] = {
&g_6,&g_6,&g_6,&g_6,&g_6};
  static int32_t ** volatile g_182[5] = {
&g_183[3],&g_183[3],&g_183[3],&g_183[3],&g_183[3]};
  static volatile struct S2 g_187 = {
18446744073709551615UL,-6,0xAC9EL,0x13L,-1L,1L,255UL,0xE4669C2BL};
  static volatile int8_t g_216 = 0xECL;
  static int64_t g_235 = (-2L);
  static union U3 g_236 = {
1UL};
  static volatile struct S2 g_265 = {
18446744073709551615UL,1,0x9CADL,0x2DL,4L,-1L,2UL,0L};
  static volatile struct S1 g_283 = {
0,-76,343,12,0,-10};
  static struct S1 g_335 = {
-0,-125,603,19,0,12};
  static struct S1 g_338 = {
-1,-144,2892,12,0,18};
  static struct S1 g_339 = {
0,54,854,7,0,0};
  static struct S1 g_340 = {
};
  static struct S1 g_342[7][6] = {
{{-1,-133,1156,-20,0,-40},{1,135,2232,-16,0,14},{-0,107,2786,0,0,-35},{-1,132,685,-11,0,-1},{-1,126,109,17,0,25},{-1,151,1552,-15,0,41}}
};
  static struct S1 g_343 = {
-1,-140,2555,-8,0,30};
  static struct S1 g_344 = {
1,-148,276,-18,0,-5};
  static struct S1 g_345 = {
-1,-43,653,-18,0,-15};
  static struct S1 g_346 = {
-1,52,1669,8,0,-42};
  static struct S1 g_347 = {
1,0,2540,-14,0,44};
  static struct S1 g_348 = {
1,72,2443,4,0,-30};
  static struct S1 g_349 = {
0,123,2649,-2,0,-34};
  static struct S1 g_350[6] = {
{-1,-94,2813,21,0,34}
,{-1,-94,2813,21,0,34}
,{-1,-94,2813,21,0,34}
};
  static struct S1 g_351 = {
-0,-78,439,-10,0,25};
  static struct S1 g_361 = {
-1,-58,185,10,0,-4};
  static struct S1 g_362 = {
-0,61,2082,-10,0,-13};
  static struct S1 g_363 = {
-1,-54,534,-0,0,-25};
  static struct S1 g_364 = {
-0,-90,294,5,0,31};
  static struct S1 g_365 = {
-0,89,2312,-0,0,10};
  static struct S1 g_366 = {
1,135,172,21,0,-0};
  static struct S1 g_368 = {
1,167,2220,-3,0,-39};
  static union U5 * volatile g_417 = (void*)0;
  static int8_t *g_472 = &g_58.f4;
  static struct S1 g_478 = {
-0,-143,1006,-13,0,-24};
  static volatile struct S1 g_479 = {
1,146,2483,-20,0,-39};
  static uint32_t * volatile g_483 = &g_58.f1;
  static volatile uint64_t g_515 = 1UL;
  static int8_t g_530[3] = {
6L,6L,6L};
  static volatile union U4 g_632 = {
-6L};
  static struct S1 g_638 = {
-1,3,2843,-12,0,-15};
  static struct S1 g_653[5] = {
{-0,-150,11,2,0,-9}
,{-0,-150,11,2,0,-9}
,{-0,-150,11,2,0,-9}
,{-0,-150,11,2,0,-9}
,{-0,-150,11,2,0,-9}
};
  static struct S1 g_757[8] = {
{-1,-61,2318,21,0,-40}
,{1,-153,1113,4,0,-2}
,{1,-153,1113,4,0,-2}
,{-1,-61,2318,21,0,-40}
,{1,-153,1113,4,0,-2}
};
  static int32_t ** volatile g_778 = &g_183[3];
  static struct S1 g_788 = {
-0,120,2627,-11,0,8};
  static int64_t * const *g_809 = (void*)0;
  static volatile struct S2 g_812 = {
18446744073709551615UL,-7,0L,0xF4L,0xB94314DEL,-1L,0x2DL,-1L};
  static struct S2 g_827 = {
18446744073709551608UL,-6,1L,-9L,-3L,3L,5UL,0xF7180A44L};
  static volatile uint64_t g_872 = 0UL;
  static union U4 * volatile g_885[6] = {
(void*)0,(void*)0,(void*)0,(void*)0,(void*)0,(void*)0};
  static volatile struct S1 g_887 = {
-1,-45,845,8,0,-7};
  static struct S2 g_919[6] = {
{1UL,6,0x3F8AL,0x96L,0xBC5AD698L,0x7CF8L,0x3CL,-1L}
,{0xD0FFF153L,4,0x24E8L,0xBFL,7L,-3L,247UL,0xC02662A5L}
,{0xD0FFF153L,4,0x24E8L,0xBFL,7L,-3L,247UL,0xC02662A5L}
,{1UL,6,0x3F8AL,0x96L,0xBC5AD698L,0x7CF8L,0x3CL,-1L}
,{0xD0FFF153L,4,0x24E8L,0xBFL,7L,-3L,247UL,0xC02662A5L}
,{0xD0FFF153L,4,0x24E8L,0xBFL,7L,-3L,247UL,0xC02662A5L}
};
  static union U4 g_952 = {
0x00BA5E3FL};
  static volatile int16_t g_962 = 3L;
  static union U3 g_969 = {
0x17C4545BL};
  static uint64_t g_988 = 0xE93E5E2A6F2E3619LL;
  static union U5 *g_1015 = &g_85;
  static const struct S2 g_1038[5] = {
{5UL,3,0xF6FEL,0x63L,0L,0xD16BL,0x72L,0x4D4581DDL}
,{5UL,3,0xF6FEL,0x63L,0L,0xD16BL,0x72L,0x4D4581DDL}
,{5UL,3,0xF6FEL,0x63L,0L,0xD16BL,0x72L,0x4D4581DDL}
,{5UL,3,0xF6FEL,0x63L,0L,0xD16BL,0x72L,0x4D4581DDL}
,{5UL,3,0xF6FEL,0x63L,0L,0xD16BL,0x72L,0x4D4581DDL}
};
  static struct S2 g_1040 = {
18446744073709551614UL,3,0x6FDBL,0x39L,1L,0x3FFCL,0xAEL,0x34E5E033L};
  static struct S0 g_1041 = {
0x07DB2133L,0x5110EB1CL,-1,2UL,-1L,-1L};
  static struct S0 *g_1069[6][3][2] = {
{{&g_58,(void*)0},{&g_58,&g_58},{&g_58,&g_58}}
,{{&g_58,&g_58},{&g_58,&g_58},{&g_58,(void*)0}}
,{{&g_58,(void*)0},{&g_58,&g_58},{&g_58,&g_58}}
};
  static struct S2 g_1071[8][9] = {
{{0x141F3914L,-2,-1L,0x25L,0xCB53D37FL,0x9E84L,0x77L,5L},{0x141F3914L,-2,-1L,0x25L,0xCB53D37FL,0x9E84L,0x77L,5L},{0x141F3914L,-2,-1L,0x25L,0xCB53D37FL,0x9E84L,0x77L,5L},{0x141F3914L,-2,-1L,0x25L,0xCB53D37FL,0x9E84L,0x77L,5L},{0x141F3914L,-2,-1L,0x25L,0xCB53D37FL,0x9E84L,0x77L,5L},{0x141F3914L,-2,-1L,0x25L,0xCB53D37FL,0x9E84L,0x77L,5L},{0x141F3914L,-2,-1L,0x25L,0xCB53D37FL,0x9E84L,0x77L,5L},{0x141F3914L,-2,-1L,0x25L,0xCB53D37FL,0x9E84L,0x77L,5L},{0x141F3914L,-2,-1L,0x25L,0xCB53D37FL,0x9E84L,0x77L,5L}}
,{{0x141F3914L,-2,-1L,0x25L,0xCB53D37FL,0x9E84L,0x77L,5L},{0x141F3914L,-2,-1L,0x25L,0xCB53D37FL,0x9E84L,0x77L,5L},{0x141F3914L,-2,-1L,0x25L,0xCB53D37FL,0x9E84L,0x77L,5L},{0x141F3914L,-2,-1L,0x25L,0xCB53D37FL,0x9E84L,0x77L,5L},{0x141F3914L,-2,-1L,0x25L,0xCB53D37FL,0x9E84L,0x77L,5L},{0x141F3914L,-2,-1L,0x25L,0xCB53D37FL,0x9E84L,0x77L,5L},{0x141F3914L,-2,-1L,0x25L,0xCB53D37FL,0x9E84L,0x77L,5L},{0x141F3914L,-2,-1L,0x25L,0xCB53D37FL,0x9E84L,0x77L,5L},{0x141F3914L,-2,-1L,0x25L,0xCB53D37FL,0x9E84L,0x77L,5L}}
};
  static union U3 g_1072 = {
8UL};
  static volatile uint64_t *g_1124 = &g_515;
  static volatile uint64_t * volatile *g_1123 = &g_1124;
  static union U3 *g_1128 = (void*)0;
  static struct S1 g_1233 = {
0,167,1524,6,0,30};
  static volatile struct S1 g_1248 = {
0,-152,2114,-10,0,39};
  static union U3 g_1253 = {
0x802B14F6L};
  static volatile int32_t * volatile * const  volatile **g_1256 = (void*)0;
  static const int16_t g_1267[10][9][2] = {
{{(-7L),0xC7E5L},{(-9L),6L},{6L,0xAEA5L},{(-9L),0x5A6BL},{(-7L),0xA1CBL},{0xB35CL,(-7L)},{6L,(-7L)},{0xB35CL,0xA1CBL},{(-7L),0x5A6BL}}
};
  static struct S1 g_1268 = {
1,-89,991,20,0,25};
  static volatile struct S1 g_1277 = {
-1,-64,348,5,0,42};
  static volatile struct S1 g_1312[8][8] = {
{{1,154,2413,14,0,2},{-1,-149,878,13,0,32},{1,154,2413,14,0,2},{-1,-149,878,13,0,32},{1,154,2413,14,0,2},{-1,-149,878,13,0,32},{1,154,2413,14,0,2},{-1,-149,878,13,0,32}}
,{{1,154,2413,14,0,2},{-1,-149,878,13,0,32},{1,154,2413,14,0,2},{-1,-149,878,13,0,32},{1,154,2413,14,0,2},{-1,-149,878,13,0,32},{1,154,2413,14,0,2},{-1,-149,878,13,0,32}}
,{{1,154,2413,14,0,2},{-1,-149,878,13,0,32},{1,154,2413,14,0,2},{-1,-149,878,13,0,32},{1,154,2413,14,0,2},{-1,-149,878,13,0,32},{1,154,2413,14,0,2},{-1,-149,878,13,0,32}}
,{{1,154,2413,14,0,2},{-1,-149,878,13,0,32},{1,154,2413,14,0,2},{-1,-149,878,13,0,32},{1,154,2413,14,0,2},{-1,-149,878,13,0,32},{1,154,2413,14,0,2},{-1,-149,878,13,0,32}}
,{{1,154,2413,14,0,2},{-1,-149,878,13,0,32},{1,154,2413,14,0,2},{-1,-149,878,13,0,32},{1,154,2413,14,0,2},{-1,-149,878,13,0,32},{1,154,2413,14,0,2},{-1,-149,878,13,0,32}}
};
  static int32_t g_1388 = 0xEA842028L;
  static struct S1 g_1467 = {
1,-81,2602,-21,0,-34};
  static int32_t ***g_1555 = (void*)0;
  static volatile struct S1 g_1562[3] = {
{1,-52,1511,4,0,22}
,{1,-52,1511,4,0,22}
,{1,-52,1511,4,0,22}
};
  static const struct S1 g_1585[3][2] = {
{{-0,-122,2728,3,0,17},{-0,-122,2728,3,0,17}}
,{{-0,-122,2728,3,0,17},{-0,-122,2728,3,0,17}}
,{{-0,-122,2728,3,0,17},{-0,-122,2728,3,0,17}}
};
  static struct S2 g_1593 = {
0xCBFB2B7DL,-1,1L,1L,-4L,-9L,0x5AL,0x1825DBE7L};
  static volatile union U3 g_1598 = {
0x9CA808BBL};
  static const union U5 *g_1629 = &g_85;
  static union U3 g_1648 = {
0xCBB5E3B4L};
  static const struct S1 g_1679 = {
-0,-24,1076,16,0,22};
  static int64_t g_1689 = 6L;
  static int64_t ***g_1707 = (void*)0;
  static const struct S1 g_1720[6][3][8] = {
{{{0,49,1892,-13,0,7},{-1,110,1929,-12,0,-39},{1,-111,1089,-16,0,44},{-1,110,1929,-12,0,-39},{0,49,1892,-13,0,7},{1,151,1243,18,0,-9},{-0,167,1023,7,0,17},{-1,55,1721,6,0,-4}},{{-1,-91,557,9,0,-9},{0,-156,923,16,0,-16},{0,49,1892,-13,0,7},{-1,149,1291,9,0,-44},{1,91,2253,-9,0,29},{0,-161,1130,-12,0,-42},{-1,-162,1313,13,0,-20},{-1,110,1929,-12,0,-39}},{{-1,-165,1914,-15,0,34},{-1,-98,2486,-6,0,34},{0,49,1892,-13,0,7},{-1,-139,702,-2,0,18},{1,-54,1099,8,0,35},{0,-145,1230,6,0,-14},{-0,167,1023,7,0,17},{-1,19,812,6,0,20}}}
,{{{1,91,2253,-9,0,29},{0,109,110,-6,0,-31},{1,-111,1089,-16,0,44},{-1,55,1721,6,0,-4},{-1,-162,1313,13,0,-20},{-1,149,1291,9,0,-44},{-1,-165,1914,-15,0,34},{1,151,1243,18,0,-9}},{{1,-111,1089,-16,0,44},{1,97,2437,16,0,20},{-1,-91,557,9,0,-9},{-1,55,1721,6,0,-4},{-1,-91,557,9,0,-9},{1,97,2437,16,0,20},{1,-111,1089,-16,0,44},{-1,19,812,6,0,20}},{{1,-54,1099,8,0,35},{1,151,1243,18,0,-9},{-1,-52,2868,17,0,-31},{-1,-139,702,-2,0,18},{1,-118,706,14,0,37},{-1,19,812,6,0,20},{1,64,205,-3,0,-0},{-1,110,1929,-12,0,-39}}}
,{{{-1,155,1576,7,0,10},{0,-146,1887,6,0,10},{1,9,1861,11,0,13},{-1,149,1291,9,0,-44},{1,-118,706,14,0,37},{1,-72,513,-13,0,-38},{0,142,725,17,0,30},{-1,55,1721,6,0,-4}},{{1,-54,1099,8,0,35},{-1,55,1721,6,0,-4},{-0,78,577,20,0,-12},{-1,110,1929,-12,0,-39},{-1,-91,557,9,0,-9},{0,-146,1887,6,0,10},{-1,-52,2868,17,0,-31},{0,109,110,-6,0,-31}},{{1,-111,1089,-16,0,44},{0,-145,1230,6,0,-14},{-1,-29,2181,12,0,-9},{0,-146,1887,6,0,10},{-1,-162,1313,13,0,-20},{0,-146,1887,6,0,10},{-1,-29,2181,12,0,-9},{0,-145,1230,6,0,-14}}}
,{{{1,91,2253,-9,0,29},{-1,55,1721,6,0,-4},{1,-117,845,15,0,36},{-0,135,222,-3,0,-24},{1,-54,1099,8,0,35},{1,-72,513,-13,0,-38},{-1,-91,557,9,0,-9},{-0,-73,2414,13,0,-17}},{{-1,-165,1914,-15,0,34},{0,-146,1887,6,0,10},{1,-118,706,14,0,37},{1,151,1243,18,0,-9},{1,91,2253,-9,0,29},{1,-72,513,-13,0,-38},{1,-111,1089,-16,0,44},{-1,-139,702,-2,0,18}},{{1,-111,1089,-16,0,44},{-0,-97,2770,19,0,28},{0,142,725,17,0,30},{-1,-98,2486,-6,0,34},{-0,78,577,20,0,-12},{0,-161,1130,-12,0,-42},{1,-118,706,14,0,37},{-1,55,1721,6,0,-4}}}
,{{{-0,78,577,20,0,-12},{0,-161,1130,-12,0,-42},{1,-118,706,14,0,37},{-1,55,1721,6,0,-4},{-1,-29,2181,12,0,-9},{-1,-139,702,-2,0,18},{-1,-29,2181,12,0,-9},{-1,55,1721,6,0,-4}},{{1,64,205,-3,0,-0},{0,-146,1887,6,0,10},{1,64,205,-3,0,-0},{-1,-98,2486,-6,0,34},{1,-117,845,15,0,36},{-1,110,1929,-12,0,-39},{-1,-165,1914,-15,0,34},{-1,-139,702,-2,0,18}},{{1,91,2253,-9,0,29},{0,-156,923,16,0,-16},{1,-54,1099,8,0,35},{-0,-97,2770,19,0,28},{1,-118,706,14,0,37},{0,109,110,-6,0,-31},{1,-117,845,15,0,36},{-1,149,1291,9,0,-44}}}
,{{{1,91,2253,-9,0,29},{-0,-73,2414,13,0,-17},{-1,-29,2181,12,0,-9},{-1,19,812,6,0,20},{1,-117,845,15,0,36},{-0,-97,2770,19,0,28},{-1,155,1576,7,0,10},{-1,110,1929,-12,0,-39}},{{1,64,205,-3,0,-0},{1,151,1243,18,0,-9},{1,-111,1089,-16,0,44},{0,-145,1230,6,0,-14},{-1,-29,2181,12,0,-9},{0,-146,1887,6,0,10},{-1,-162,1313,13,0,-20},{0,-146,1887,6,0,10}},{{-0,78,577,20,0,-12},{1,151,1243,18,0,-9},{-1,155,1576,7,0,10},{1,151,1243,18,0,-9},{-0,78,577,20,0,-12},{-0,-97,2770,19,0,28},{1,91,2253,-9,0,29},{-0,135,222,-3,0,-24}}}
};
  static const struct S1 g_1721 = {
-0,-111,800,-14,0,16};
  static const int32_t *g_1736[4] = {
(void*)0,(void*)0,(void*)0,(void*)0};
  static volatile int16_t g_1741 = 8L;
  static int8_t **g_1783 = &g_472;
  static const struct S1 g_1794 = {
1,-151,1342,12,0,-9};
  static struct S1 g_1797[4] = {
{1,96,1701,-11,0,34}
,{1,96,1701,-11,0,34}
,{1,96,1701,-11,0,34}
,{1,96,1701,-11,0,34}
};
  static const struct S1 g_1846[2] = {
{-1,91,2389,-11,0,-13}
,{-1,91,2389,-11,0,-13}
};
  static volatile uint16_t g_1861 = 0xB733L;
  static struct S1 g_1876 = {
1,-122,350,-10,0,-36};
  static volatile struct S1 g_1877 = {
1,-131,1405,-2,0,0};
  static const volatile struct S1 g_1911[4][8] = {
{{1,2,2288,8,0,-4},{0,-107,465,-21,0,8},{0,-15,2311,-2,0,3},{0,91,2511,-0,0,33},{0,-15,2311,-2,0,3},{0,-107,465,-21,0,8},{1,2,2288,8,0,-4},{0,-107,465,-21,0,8}}
,{{1,2,2288,8,0,-4},{0,91,2511,-0,0,33},{1,103,704,-10,0,-14},{0,91,2511,-0,0,33},{1,2,2288,8,0,-4},{-0,-80,503,-1,0,33},{1,2,2288,8,0,-4},{0,91,2511,-0,0,33}}
,{{0,-15,2311,-2,0,3},{0,91,2511,-0,0,33},{0,-15,2311,-2,0,3},{0,-107,465,-21,0,8},{1,2,2288,8,0,-4},{0,-107,465,-21,0,8},{0,-15,2311,-2,0,3},{0,91,2511,-0,0,33}}
,{{1,2,2288,8,0,-4},{0,-107,465,-21,0,8},{0,-15,2311,-2,0,3},{0,91,2511,-0,0,33},{0,-15,2311,-2,0,3},{0,-107,465,-21,0,8},{1,2,2288,8,0,-4},{0,-107,465,-21,0,8}}
};
  static struct S1 g_1964 = {
1,69,929,-19,0,20};
  static struct S1 g_2002 = {
1,-106,1981,-17,0,25};
  static struct S1 g_2003 = {
1,-128,101,5,0,-40};
  static const struct S1 g_2177 = {
-0,-41,2595,3,0,0};
  static const struct S1 g_2180 = {
-1,-8,2018,-9,0,6};
  static int32_t **g_2220 = &g_183[3];
  static const volatile struct S1 g_2230[7][6][4] = {
{{{-1,89,688,-17,0,-42},{0,14,981,0,0,18},{1,-90,1674,-3,0,-8},{1,85,2163,19,0,-12}},{{-1,50,2046,11,0,33},{1,-90,1674,-3,0,-8},{1,7,1019,-15,0,-31},{-1,67,194,1,0,40}},{{1,-175,626,4,0,25},{-1,-25,1835,16,0,-35},{-0,29,1847,-16,0,-18},{-0,157,1712,12,0,17}},{{1,-1,949,11,0,-24},{0,177,431,8,0,8},{0,126,907,11,0,38},{-0,122,161,7,0,-2}},{{-1,31,949,15,0,-2},{0,-111,1648,8,0,-7},{1,148,1055,20,0,-40},{-1,-112,935,10,0,-41}},{{-0,50,913,4,0,4},{-1,-127,2703,20,0,29},{0,14,981,0,0,18},{-1,31,949,15,0,-2}}}
,{{{1,-7,467,9,0,23},{0,-7,1896,0,0,-9},{1,-7,467,9,0,23},{-1,-169,2379,-19,0,37}},{{-0,67,1314,7,0,5},{-0,50,913,4,0,4},{1,148,1055,20,0,-40},{-0,105,2839,15,0,-24}},{{0,52,136,14,0,38},{1,-111,656,-15,0,27},{-0,78,879,-10,0,-21},{-0,50,913,4,0,4}},{{-0,-163,948,-4,0,-20},{-1,50,2046,11,0,33},{-0,78,879,-10,0,-21},{1,153,1317,2,0,-0}},{{0,52,136,14,0,38},{-1,-127,2703,20,0,29},{1,148,1055,20,0,-40},{0,16,2159,-13,0,-19}},{{-0,67,1314,7,0,5},{1,-70,1447,-21,0,19},{1,-7,467,9,0,23},{-1,-16,1260,-16,0,13}}}
,{{{1,-7,467,9,0,23},{-1,-16,1260,-16,0,13},{-0,-16,2373,17,0,-25},{1,-61,2107,3,0,1}},{{-1,67,194,1,0,40},{-1,115,830,-5,0,6},{0,-111,1648,8,0,-7},{1,85,2163,19,0,-12}},{{-1,31,949,15,0,-2},{0,177,431,8,0,8},{-0,8,1476,-19,0,-36},{1,153,1317,2,0,-0}},{{-1,-112,935,10,0,-41},{-1,67,194,1,0,40},{-0,50,913,4,0,4},{1,-123,1014,19,0,40}},{{-0,122,161,7,0,-2},{-1,-100,764,-14,0,9},{1,-61,2107,3,0,1},{0,-38,1799,-21,0,-8}},{{-0,157,1712,12,0,17},{-0,50,913,4,0,4},{1,-111,656,-15,0,27},{-0,-157,731,-12,0,20}}}
,{{{-1,67,194,1,0,40},{-1,89,688,-17,0,-42},{-0,-18,2070,17,0,-27},{1,-111,656,-15,0,27}},{{1,85,2163,19,0,-12},{0,-7,1896,0,0,-9},{0,16,2159,-13,0,-19},{1,179,779,13,0,-4}},{{1,-175,626,4,0,25},{1,-90,1674,-3,0,-8},{1,148,1055,20,0,-40},{-1,-25,1835,16,0,-35}},{{-0,105,2839,15,0,-24},{-1,-100,764,-14,0,9},{-1,-106,2499,19,0,-37},{-0,50,913,4,0,4}},{{0,94,1328,-0,0,10},{1,-41,213,-5,0,18},{1,-41,213,-5,0,18},{0,94,1328,-0,0,10}},{{0,52,136,14,0,38},{-1,-169,2379,-19,0,37},{0,85,2749,-14,0,-22},{1,85,2163,19,0,-12}}}
};
  static const struct S1 g_2254 = {
0,-89,2501,-7,0,0};
  static volatile struct S1 g_2256 = {
{1,-89,1608,8,0,40}
};
  static volatile struct S2 g_2414[10][5] = {
{{18446744073709551609UL,-6,0x5C9AL,-1L,0xE3D30D1EL,0L,0x30L,-1L},{0x16D865EBL,-2,0xD28CL,0L,-1L,-1L,0x84L,-8L},{18446744073709551609UL,-6,0x5C9AL,-1L,0xE3D30D1EL,0L,0x30L,-1L},{0xD47363CCL,3,-1L,-1L,1L,-1L,249UL,1L},{8UL,0,0x6663L,-1L,1L,-1L,0x1AL,0x1107104DL}}
,{{18446744073709551610UL,-6,0x5FC5L,8L,0x9043E10FL,0x4D3FL,0UL,0x922E9DA0L},{18446744073709551613UL,7,0L,-1L,0x97ACD494L,-1L,0x94L,0x60AFB89FL},{1UL,5,0L,0x61L,0L,0xE583L,0x2EL,-1L},{18446744073709551606UL,-7,0x3B29L,-5L,0L,1L,247UL,0x62036928L},{0x669637D5L,-3,0x7881L,4L,-6L,8L,0x0AL,8L}}
,{{0x51FC0694L,-2,0x8E2FL,0L,4L,0x3DD4L,0x00L,0xC5B15265L},{18446744073709551614UL,-6,3L,0L,0xF4689D75L,-1L,246UL,-8L},{18446744073709551614UL,-6,3L,0L,0xF4689D75L,-1L,246UL,-8L},{0x51FC0694L,-2,0x8E2FL,0L,4L,0x3DD4L,0x00L,0xC5B15265L},{18446744073709551609UL,-6,0x5C9AL,-1L,0xE3D30D1EL,0L,0x30L,-1L}}
,{{18446744073709551612UL,-2,2L,-5L,0xD82F0B59L,0xE644L,252UL,-1L},{1UL,0,1L,0x2AL,0L,-9L,0x2CL,0x829C5AD8L},{1UL,5,0L,0x61L,0L,0xE583L,0x2EL,-1L},{0x669637D5L,-3,0x7881L,4L,-6L,8L,0x0AL,8L},{18446744073709551613UL,7,0L,-1L,0x97ACD494L,-1L,0x94L,0x60AFB89FL}}
,{{2UL,-2,0xF340L,0x5BL,0x07F08B5CL,0xA8AEL,0xA5L,-5L},{0xB632CABBL,-1,1L,0x6DL,0x893D1C9AL,3L,255UL,-9L},{18446744073709551609UL,-6,0x5C9AL,-1L,0xE3D30D1EL,0L,0x30L,-1L},{0xB632CABBL,-1,1L,0x6DL,0x893D1C9AL,3L,255UL,-9L},{2UL,-2,0xF340L,0x5BL,0x07F08B5CL,0xA8AEL,0xA5L,-5L}}
,{{1UL,0,1L,0x2AL,0L,-9L,0x2CL,0x829C5AD8L},{18446744073709551606UL,-7,0x3B29L,-5L,0L,1L,247UL,0x62036928L},{18446744073709551610UL,-6,0x5FC5L,8L,0x9043E10FL,0x4D3FL,0UL,0x922E9DA0L},{0x669637D5L,-3,0x7881L,4L,-6L,8L,0x0AL,8L},{7UL,4,0x5EFCL,-1L,1L,0xC36BL,0x7AL,9L}}
,{{0UL,-3,0x27CEL,0xABL,-6L,1L,0xD7L,0x06EF5D35L},{4UL,3,-5L,0L,-8L,0x0C00L,0x56L,2L},{0x51FC0694L,-2,0x8E2FL,0L,4L,0x3DD4L,0x00L,0xC5B15265L},{0x51FC0694L,-2,0x8E2FL,0L,4L,0x3DD4L,0x00L,0xC5B15265L},{4UL,3,-5L,0L,-8L,0x0C00L,0x56L,2L}}
,{{0x6EC3F543L,4,5L,0x88L,1L,0xE175L,0xB7L,9L},{1UL,5,0L,0x61L,0L,0xE583L,0x2EL,-1L},{18446744073709551612UL,-2,2L,-5L,0xD82F0B59L,0xE644L,252UL,-1L},{18446744073709551606UL,-7,0x3B29L,-5L,0L,1L,247UL,0x62036928L},{7UL,4,0x5EFCL,-1L,1L,0xC36BL,0x7AL,9L}}
,{{0xB632CABBL,-1,1L,0x6DL,0x893D1C9AL,3L,255UL,-9L},{0x51FC0694L,-2,0x8E2FL,0L,4L,0x3DD4L,0x00L,0xC5B15265L},{2UL,-2,0xF340L,0x5BL,0x07F08B5CL,0xA8AEL,0xA5L,-5L},{0xD47363CCL,3,-1L,-1L,1L,-1L,249UL,1L},{2UL,-2,0xF340L,0x5BL,0x07F08B5CL,0xA8AEL,0xA5L,-5L}}
,{{7UL,4,0x5EFCL,-1L,1L,0xC36BL,0x7AL,9L},{7UL,4,0x5EFCL,-1L,1L,0xC36BL,0x7AL,9L},{1UL,0,1L,0x2AL,0L,-9L,0x2CL,0x829C5AD8L},{0x6EC3F543L,4,5L,0x88L,1L,0xE175L,0xB7L,9L},{18446744073709551613UL,7,0L,-1L,0x97ACD494L,-1L,0x94L,0x60AFB89FL}}
};
  static const struct S1 g_2502 = {
1,57,1353,16,0,27};
  static const struct S1 g_2525 = {
0,-136,2488,3,0,-19};
  static struct S1 g_2530[7] = {
{-1,-151,2405,-17,0,-30}
,{-1,-151,2405,-17,0,-30}
,{0,5,2034,1,0,-0}
,{-1,-151,2405,-17,0,-30}
,{-1,-151,2405,-17,0,-30}
,{0,5,2034,1,0,-0}
,{-1,-151,2405,-17,0,-30}
};
           static union U5  func_1(void) {
      uint32_t l_970 = 9UL;
     uint8_t l_2526 = 255UL;
     int32_t *l_2557[10][1] = {{&g_1071[3][3].f7},{&g_81},{(void*)0},{&g_81},{&g_1071[3][3].f7},{&g_1071[3][3].f7},{&g_81},{(void*)0},{&g_81},{&g_1071[3][3].f7}};
     uint8_t l_2567[2];
     union U5 l_2570 = {0};
     int i, j;
     for (i = 0;
 i < 2;
 i++)         l_2567[i] = 0x90L;
     for (g_2 = 0;
 (g_2 < 18);
 g_2++)     {          uint16_t l_2552 = 0UL;         int32_t l_2559 = 0x0AAD1241L;         int8_t l_2561 = 2L;         int32_t l_2563 = 3L;         int32_t l_2564 = (-5L);         int32_t l_2565 = (-1L);         int32_t l_2566 = 0L;         for (g_6 = 5; (g_6 >= 0); g_6 -= 1)         {              struct S0 l_40 = {7UL,0x4BC71F8BL,1,65532UL,-1L,0x52L};             int32_t *l_2556 = &g_81;             uint64_t l_2558 = 0xFF6D86167295D147LL;             int32_t l_2560[5] = {0L,0L,0L,0L,0L};             int64_t l_2562 = (-6L);             int i;             for (g_12 = 4; (g_12 >= 0); g_12 -= 1)             {                  struct S0 l_59 = {0xA9823142L,0xCE07D3F1L,-0,0x99C4L,0xB7L,0xD5L};                 int8_t *l_972 = &l_59.f4;                 int32_t l_2527 = (-4L);                 struct S1 *l_2553 = &g_335;                 int i, j;             }             l_2567[1]--;         }     }
     return l_2570;
 }
           int main (void) {
     int i, j, k;
     int print_hash_value = 0;
     platform_main_begin();
     crc32_gentab();
     func_1();
     transparent_crc(g_2, "g_2", print_hash_value);
     for (i = 0;
 i < 10;
 i++)     {         for (j = 0; j < 6; j++)         {             transparent_crc(g_5[i][j], "g_5[i][j]", print_hash_value);             if (print_hash_value) printf("index = [%d][%d]\n", i, j);         }     }
     transparent_crc(g_6, "g_6", print_hash_value);
     for (i = 0;
 i < 4;
 i++)     {         for (j = 0; j < 1; j++)         {             transparent_crc(g_7[i][j], "g_7[i][j]", print_hash_value);             if (print_hash_value) printf("index = [%d][%d]\n", i, j);         }     }
     transparent_crc(g_8, "g_8", print_hash_value);
     for (i = 0;
 i < 7;
 i++)     {         for (j = 0; j < 5; j++)         {             transparent_crc(g_9[i][j], "g_9[i][j]", print_hash_value);             if (print_hash_value) printf("index = [%d][%d]\n", i, j);         }     }
     transparent_crc(g_10, "g_10", print_hash_value);
     transparent_crc(g_11, "g_11", print_hash_value);
     transparent_crc(g_12, "g_12", print_hash_value);
     transparent_crc(g_20, "g_20", print_hash_value);
     transparent_crc(g_58.f0, "g_58.f0", print_hash_value);
     transparent_crc(g_58.f1, "g_58.f1", print_hash_value);
     for (i = 0;
 i < 8;
 i++)     {         transparent_crc(g_757[i].f0, "g_757[i].f0", print_hash_value);         transparent_crc(g_757[i].f1, "g_757[i].f1", print_hash_value);         transparent_crc(g_757[i].f2, "g_757[i].f2", print_hash_value);         transparent_crc(g_757[i].f3, "g_757[i].f3", print_hash_value);         transparent_crc(g_757[i].f4, "g_757[i].f4", print_hash_value);         transparent_crc(g_757[i].f5, "g_757[i].f5", print_hash_value);         if (print_hash_value) printf("index = [%d]\n", i);     }
     transparent_crc(g_788.f0, "g_788.f0", print_hash_value);
     transparent_crc(g_788.f1, "g_788.f1", print_hash_value);
     transparent_crc(g_788.f2, "g_788.f2", print_hash_value);
     transparent_crc(g_788.f3, "g_788.f3", print_hash_value);
     transparent_crc(g_788.f4, "g_788.f4", print_hash_value);
     transparent_crc(g_788.f5, "g_788.f5", print_hash_value);
     transparent_crc(g_812.f0, "g_812.f0", print_hash_value);
     transparent_crc(g_812.f1, "g_812.f1", print_hash_value);
     transparent_crc(g_812.f2, "g_812.f2", print_hash_value);
     transparent_crc(g_812.f3, "g_812.f3", print_hash_value);
     transparent_crc(g_812.f4, "g_812.f4", print_hash_value);
     transparent_crc(g_812.f5, "g_812.f5", print_hash_value);
     transparent_crc(g_812.f6, "g_812.f6", print_hash_value);
     transparent_crc(g_812.f7, "g_812.f7", print_hash_value);
     transparent_crc(g_827.f0, "g_827.f0", print_hash_value);
     transparent_crc(g_827.f1, "g_827.f1", print_hash_value);
     transparent_crc(g_827.f2, "g_827.f2", print_hash_value);
     transparent_crc(g_827.f3, "g_827.f3", print_hash_value);
     transparent_crc(g_827.f4, "g_827.f4", print_hash_value);
     transparent_crc(g_827.f5, "g_827.f5", print_hash_value);
     transparent_crc(g_827.f6, "g_827.f6", print_hash_value);
     transparent_crc(g_827.f7, "g_827.f7", print_hash_value);
     transparent_crc(g_872, "g_872", print_hash_value);
     transparent_crc(g_887.f0, "g_887.f0", print_hash_value);
     transparent_crc(g_887.f1, "g_887.f1", print_hash_value);
     transparent_crc(g_887.f2, "g_887.f2", print_hash_value);
     transparent_crc(g_887.f3, "g_887.f3", print_hash_value);
     transparent_crc(g_887.f4, "g_887.f4", print_hash_value);
     transparent_crc(g_887.f5, "g_887.f5", print_hash_value);
     for (i = 0;
 i < 6;
 i++)     {         transparent_crc(g_919[i].f0, "g_919[i].f0", print_hash_value);         transparent_crc(g_919[i].f1, "g_919[i].f1", print_hash_value);         transparent_crc(g_919[i].f2, "g_919[i].f2", print_hash_value);         transparent_crc(g_919[i].f3, "g_919[i].f3", print_hash_value);         transparent_crc(g_919[i].f4, "g_919[i].f4", print_hash_value);         transparent_crc(g_919[i].f5, "g_919[i].f5", print_hash_value);         transparent_crc(g_919[i].f6, "g_919[i].f6", print_hash_value);         transparent_crc(g_919[i].f7, "g_919[i].f7", print_hash_value);         if (print_hash_value) printf("index = [%d]\n", i);     }
     transparent_crc(g_952.f0, "g_952.f0", print_hash_value);
     transparent_crc(g_962, "g_962", print_hash_value);
     transparent_crc(g_969.f0, "g_969.f0", print_hash_value);
     transparent_crc(g_988, "g_988", print_hash_value);
     for (i = 0;
 i < 5;
 i++)     {         transparent_crc(g_1038[i].f0, "g_1038[i].f0", print_hash_value);         transparent_crc(g_1038[i].f1, "g_1038[i].f1", print_hash_value);         transparent_crc(g_1038[i].f2, "g_1038[i].f2", print_hash_value);         transparent_crc(g_1038[i].f3, "g_1038[i].f3", print_hash_value);         transparent_crc(g_1038[i].f4, "g_1038[i].f4", print_hash_value);         transparent_crc(g_1038[i].f5, "g_1038[i].f5", print_hash_value);         transparent_crc(g_1038[i].f6, "g_1038[i].f6", print_hash_value);         transparent_crc(g_1038[i].f7, "g_1038[i].f7", print_hash_value);         if (print_hash_value) printf("index = [%d]\n", i);     }
     transparent_crc(g_1040.f0, "g_1040.f0", print_hash_value);
     transparent_crc(g_1040.f1, "g_1040.f1", print_hash_value);
     transparent_crc(g_1040.f2, "g_1040.f2", print_hash_value);
     transparent_crc(g_1040.f3, "g_1040.f3", print_hash_value);
     transparent_crc(g_1040.f4, "g_1040.f4", print_hash_value);
     transparent_crc(g_1040.f5, "g_1040.f5", print_hash_value);
     transparent_crc(g_1040.f6, "g_1040.f6", print_hash_value);
     transparent_crc(g_1040.f7, "g_1040.f7", print_hash_value);
     transparent_crc(g_1041.f0, "g_1041.f0", print_hash_value);
     transparent_crc(g_1041.f1, "g_1041.f1", print_hash_value);
     transparent_crc(g_1041.f2, "g_1041.f2", print_hash_value);
     transparent_crc(g_1041.f3, "g_1041.f3", print_hash_value);
     transparent_crc(g_1041.f4, "g_1041.f4", print_hash_value);
     transparent_crc(g_1041.f5, "g_1041.f5", print_hash_value);
     for (i = 0;
 i < 8;
 i++)     {         for (j = 0; j < 9; j++)         {             transparent_crc(g_1071[i][j].f0, "g_1071[i][j].f0", print_hash_value);             transparent_crc(g_1071[i][j].f1, "g_1071[i][j].f1", print_hash_value);             transparent_crc(g_1071[i][j].f2, "g_1071[i][j].f2", print_hash_value);             transparent_crc(g_1071[i][j].f3, "g_1071[i][j].f3", print_hash_value);             transparent_crc(g_1071[i][j].f4, "g_1071[i][j].f4", print_hash_value);             transparent_crc(g_1071[i][j].f5, "g_1071[i][j].f5", print_hash_value);             transparent_crc(g_1071[i][j].f6, "g_1071[i][j].f6", print_hash_value);             transparent_crc(g_1071[i][j].f7, "g_1071[i][j].f7", print_hash_value);             if (print_hash_value) printf("index = [%d][%d]\n", i, j);         }     }
     transparent_crc(g_1072.f0, "g_1072.f0", print_hash_value);
     transparent_crc(g_1248.f1, "g_1248.f1", print_hash_value);
     transparent_crc(g_1248.f2, "g_1248.f2", print_hash_value);
     transparent_crc(g_1248.f3, "g_1248.f3", print_hash_value);
     transparent_crc(g_1248.f4, "g_1248.f4", print_hash_value);
     transparent_crc(g_1248.f5, "g_1248.f5", print_hash_value);
     transparent_crc(g_1253.f0, "g_1253.f0", print_hash_value);
     for (i = 0;
 i < 10;
 i++)     {         for (j = 0; j < 9; j++)         {             for (k = 0; k < 2; k++)             {                 transparent_crc(g_1267[i][j][k], "g_1267[i][j][k]", print_hash_value);                 if (print_hash_value) printf("index = [%d][%d][%d]\n", i, j, k);             }         }     }
     transparent_crc(g_1268.f0, "g_1268.f0", print_hash_value);
     transparent_crc(g_1268.f1, "g_1268.f1", print_hash_value);
     transparent_crc(g_1268.f2, "g_1268.f2", print_hash_value);
     transparent_crc(g_1268.f3, "g_1268.f3", print_hash_value);
     transparent_crc(g_1268.f4, "g_1268.f4", print_hash_value);
     transparent_crc(g_1268.f5, "g_1268.f5", print_hash_value);
     transparent_crc(g_1277.f0, "g_1277.f0", print_hash_value);
     transparent_crc(g_1277.f1, "g_1277.f1", print_hash_value);
     transparent_crc(g_1277.f2, "g_1277.f2", print_hash_value);
     transparent_crc(g_1277.f3, "g_1277.f3", print_hash_value);
     transparent_crc(g_1277.f4, "g_1277.f4", print_hash_value);
     transparent_crc(g_1277.f5, "g_1277.f5", print_hash_value);
     for (i = 0;
 i < 8;
 i++)     {         for (j = 0; j < 8; j++)         {             transparent_crc(g_1312[i][j].f0, "g_1312[i][j].f0", print_hash_value);             transparent_crc(g_1312[i][j].f1, "g_1312[i][j].f1", print_hash_value);             transparent_crc(g_1312[i][j].f2, "g_1312[i][j].f2", print_hash_value);             transparent_crc(g_1312[i][j].f3, "g_1312[i][j].f3", print_hash_value);             transparent_crc(g_1312[i][j].f4, "g_1312[i][j].f4", print_hash_value);             transparent_crc(g_1312[i][j].f5, "g_1312[i][j].f5", print_hash_value);             if (print_hash_value) printf("index = [%d][%d]\n", i, j);         }     }
     transparent_crc(g_1388, "g_1388", print_hash_value);
     transparent_crc(g_1467.f0, "g_1467.f0", print_hash_value);
     transparent_crc(g_1467.f1, "g_1467.f1", print_hash_value);
     transparent_crc(g_1467.f2, "g_1467.f2", print_hash_value);
     transparent_crc(g_1467.f3, "g_1467.f3", print_hash_value);
     transparent_crc(g_1467.f4, "g_1467.f4", print_hash_value);
     transparent_crc(g_1467.f5, "g_1467.f5", print_hash_value);
     for (i = 0;
 i < 3;
 i++)     {         transparent_crc(g_1562[i].f0, "g_1562[i].f0", print_hash_value);         transparent_crc(g_1562[i].f1, "g_1562[i].f1", print_hash_value);         transparent_crc(g_1562[i].f2, "g_1562[i].f2", print_hash_value);         transparent_crc(g_1562[i].f3, "g_1562[i].f3", print_hash_value);         transparent_crc(g_1562[i].f4, "g_1562[i].f4", print_hash_value);         transparent_crc(g_1562[i].f5, "g_1562[i].f5", print_hash_value);         if (print_hash_value) printf("index = [%d]\n", i);     }
     for (i = 0;
 i < 3;
 i++)     {         for (j = 0; j < 2; j++)         {             transparent_crc(g_1585[i][j].f0, "g_1585[i][j].f0", print_hash_value);             transparent_crc(g_1585[i][j].f1, "g_1585[i][j].f1", print_hash_value);             transparent_crc(g_1585[i][j].f2, "g_1585[i][j].f2", print_hash_value);             transparent_crc(g_1585[i][j].f3, "g_1585[i][j].f3", print_hash_value);             transparent_crc(g_1585[i][j].f4, "g_1585[i][j].f4", print_hash_value);             transparent_crc(g_1585[i][j].f5, "g_1585[i][j].f5", print_hash_value);             if (print_hash_value) printf("index = [%d][%d]\n", i, j);         }     }
     transparent_crc(g_1593.f0, "g_1593.f0", print_hash_value);
     transparent_crc(g_1593.f1, "g_1593.f1", print_hash_value);
     transparent_crc(g_1593.f2, "g_1593.f2", print_hash_value);
     transparent_crc(g_1593.f3, "g_1593.f3", print_hash_value);
     transparent_crc(g_1593.f4, "g_1593.f4", print_hash_value);
     transparent_crc(g_1593.f5, "g_1593.f5", print_hash_value);
     transparent_crc(g_1593.f6, "g_1593.f6", print_hash_value);
     transparent_crc(g_1593.f7, "g_1593.f7", print_hash_value);
     transparent_crc(g_1598.f0, "g_1598.f0", print_hash_value);
     transparent_crc(g_1648.f0, "g_1648.f0", print_hash_value);
     transparent_crc(g_1679.f0, "g_1679.f0", print_hash_value);
     transparent_crc(g_1679.f1, "g_1679.f1", print_hash_value);
     transparent_crc(g_1679.f2, "g_1679.f2", print_hash_value);
     transparent_crc(g_1679.f3, "g_1679.f3", print_hash_value);
     transparent_crc(g_1679.f4, "g_1679.f4", print_hash_value);
     transparent_crc(g_1679.f5, "g_1679.f5", print_hash_value);
     transparent_crc(g_1689, "g_1689", print_hash_value);
     for (i = 0;
 i < 6;
 i++)     {         for (j = 0; j < 3; j++)         {             for (k = 0; k < 8; k++)             {                 transparent_crc(g_1720[i][j][k].f0, "g_1720[i][j][k].f0", print_hash_value);                 transparent_crc(g_1720[i][j][k].f1, "g_1720[i][j][k].f1", print_hash_value);                 transparent_crc(g_1720[i][j][k].f2, "g_1720[i][j][k].f2", print_hash_value);                 transparent_crc(g_1720[i][j][k].f3, "g_1720[i][j][k].f3", print_hash_value);                 transparent_crc(g_1720[i][j][k].f4, "g_1720[i][j][k].f4", print_hash_value);                 transparent_crc(g_1720[i][j][k].f5, "g_1720[i][j][k].f5", print_hash_value);                 if (print_hash_value) printf("index = [%d][%d][%d]\n", i, j, k);             }         }     }
     transparent_crc(g_1721.f0, "g_1721.f0", print_hash_value);
     transparent_crc(g_1721.f1, "g_1721.f1", print_hash_value);
     transparent_crc(g_1721.f2, "g_1721.f2", print_hash_value);
     transparent_crc(g_1721.f3, "g_1721.f3", print_hash_value);
     transparent_crc(g_1721.f4, "g_1721.f4", print_hash_value);
     transparent_crc(g_1721.f5, "g_1721.f5", print_hash_value);
     transparent_crc(g_1741, "g_1741", print_hash_value);
     transparent_crc(g_1794.f0, "g_1794.f0", print_hash_value);
     transparent_crc(g_1794.f1, "g_1794.f1", print_hash_value);
     transparent_crc(g_1794.f2, "g_1794.f2", print_hash_value);
     transparent_crc(g_1794.f3, "g_1794.f3", print_hash_value);
     transparent_crc(g_1794.f4, "g_1794.f4", print_hash_value);
     transparent_crc(g_1794.f5, "g_1794.f5", print_hash_value);
     for (i = 0;
 i < 4;
 i++)     {         transparent_crc(g_1797[i].f0, "g_1797[i].f0", print_hash_value);         transparent_crc(g_1797[i].f1, "g_1797[i].f1", print_hash_value);         transparent_crc(g_1797[i].f2, "g_1797[i].f2", print_hash_value);         transparent_crc(g_1797[i].f3, "g_1797[i].f3", print_hash_value);         transparent_crc(g_1797[i].f4, "g_1797[i].f4", print_hash_value);         transparent_crc(g_1797[i].f5, "g_1797[i].f5", print_hash_value);         if (print_hash_value) printf("index = [%d]\n", i);     }
     for (i = 0;
 i < 2;
 i++)     {         transparent_crc(g_1846[i].f0, "g_1846[i].f0", print_hash_value);         transparent_crc(g_1846[i].f1, "g_1846[i].f1", print_hash_value);         transparent_crc(g_1846[i].f2, "g_1846[i].f2", print_hash_value);         transparent_crc(g_1846[i].f3, "g_1846[i].f3", print_hash_value);         transparent_crc(g_1846[i].f4, "g_1846[i].f4", print_hash_value);         transparent_crc(g_1846[i].f5, "g_1846[i].f5", print_hash_value);         if (print_hash_value) printf("index = [%d]\n", i);     }
     transparent_crc(g_1861, "g_1861", print_hash_value);
     transparent_crc(g_1876.f0, "g_1876.f0", print_hash_value);
     transparent_crc(g_1876.f1, "g_1876.f1", print_hash_value);
     transparent_crc(g_1876.f2, "g_1876.f2", print_hash_value);
     transparent_crc(g_1876.f3, "g_1876.f3", print_hash_value);
     transparent_crc(g_1876.f4, "g_1876.f4", print_hash_value);
     transparent_crc(g_1876.f5, "g_1876.f5", print_hash_value);
     transparent_crc(g_1877.f0, "g_1877.f0", print_hash_value);
     transparent_crc(g_1877.f1, "g_1877.f1", print_hash_value);
     transparent_crc(g_1877.f2, "g_1877.f2", print_hash_value);
     transparent_crc(g_1877.f3, "g_1877.f3", print_hash_value);
     transparent_crc(g_1877.f4, "g_1877.f4", print_hash_value);
     transparent_crc(g_1877.f5, "g_1877.f5", print_hash_value);
     for (i = 0;
 i < 4;
 i++)     {         for (j = 0; j < 8; j++)         {             transparent_crc(g_1911[i][j].f0, "g_1911[i][j].f0", print_hash_value);             transparent_crc(g_1911[i][j].f1, "g_1911[i][j].f1", print_hash_value);             transparent_crc(g_1911[i][j].f2, "g_1911[i][j].f2", print_hash_value);             transparent_crc(g_1911[i][j].f3, "g_1911[i][j].f3", print_hash_value);             transparent_crc(g_1911[i][j].f4, "g_1911[i][j].f4", print_hash_value);             transparent_crc(g_1911[i][j].f5, "g_1911[i][j].f5", print_hash_value);             if (print_hash_value) printf("index = [%d][%d]\n", i, j);         }     }
     transparent_crc(g_1964.f0, "g_1964.f0", print_hash_value);
     transparent_crc(g_1964.f1, "g_1964.f1", print_hash_value);
     transparent_crc(g_1964.f2, "g_1964.f2", print_hash_value);
     transparent_crc(g_1964.f3, "g_1964.f3", print_hash_value);
     transparent_crc(g_2525.f1, "g_2525.f1", print_hash_value);
     transparent_crc(g_2525.f2, "g_2525.f2", print_hash_value);
     transparent_crc(g_2525.f3, "g_2525.f3", print_hash_value);
     transparent_crc(g_2525.f4, "g_2525.f4", print_hash_value);
     transparent_crc(g_2525.f5, "g_2525.f5", print_hash_value);
     for (i = 0;
 i < 7;
 i++)     {         transparent_crc(g_2530[i].f0, "g_2530[i].f0", print_hash_value);         transparent_crc(g_2530[i].f1, "g_2530[i].f1", print_hash_value);         transparent_crc(g_2530[i].f2, "g_2530[i].f2", print_hash_value);         transparent_crc(g_2530[i].f3, "g_2530[i].f3", print_hash_value);         transparent_crc(g_2530[i].f4, "g_2530[i].f4", print_hash_value);         transparent_crc(g_2530[i].f5, "g_2530[i].f5", print_hash_value);         if (print_hash_value) printf("index = [%d]\n", i);     }
     platform_main_end(crc32_context ^ 0xFFFFFFFFUL, print_hash_value);
     return 0;
 }
