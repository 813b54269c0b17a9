// The machine's clock and float64 FMA peak per core, in thread CPU time (steady on a shared machine):
//   gcc -O3 -mavx512f -o /tmp/cpu_peak tools/bench/cpu_peak.c && /tmp/cpu_peak
// "dependent adds/ns" is the clock in GHz (one add per cycle); 512-bit FMAs in 4 independent chains show the
// latency, in 12 the throughput; GFLOP/s = fma/ns * 16.
#include <immintrin.h>
#include <stdio.h>
#include <time.h>
static double now(void) { struct timespec t; clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t); return t.tv_sec + t.tv_nsec * 1e-9; }
#define F(v) v = _mm512_fmadd_pd(v, x, y);
static void chains4(__m512d x, __m512d y, long n) {
  __m512d a0 = x, a1 = x, a2 = x, a3 = x; double t0 = now();
  for (long i = 0; i < n; i++) { F(a0) F(a1) F(a2) F(a3) __asm__ volatile("" : "+v"(a0), "+v"(a1), "+v"(a2), "+v"(a3)); }
  double t = now() - t0; printf(" 4 chains: %.2f fma/ns = %.1f GFLOP/s (latency-bound)\n", 4.0 * n / t / 1e9, 64.0 * n / t / 1e9);
}
static void chains12(__m512d x, __m512d y, long n) {
  __m512d a0 = x, a1 = x, a2 = x, a3 = x, a4 = x, a5 = x, a6 = x, a7 = x, a8 = x, a9 = x, a10 = x, a11 = x; double t0 = now();
  for (long i = 0; i < n; i++) {
    F(a0) F(a1) F(a2) F(a3) F(a4) F(a5) F(a6) F(a7) F(a8) F(a9) F(a10) F(a11)
    __asm__ volatile("" : "+v"(a0), "+v"(a1), "+v"(a2), "+v"(a3), "+v"(a4), "+v"(a5), "+v"(a6), "+v"(a7), "+v"(a8), "+v"(a9), "+v"(a10), "+v"(a11));
  }
  double t = now() - t0; printf("12 chains: %.2f fma/ns = %.1f GFLOP/s (throughput)\n", 12.0 * n / t / 1e9, 192.0 * n / t / 1e9);
}
int main(void) {
  long n = 300000000, x0 = 0;
  double t0 = now();
  for (long i = 0; i < n; i++) __asm__ volatile("add $1,%0\n\tadd $1,%0\n\tadd $1,%0\n\tadd $1,%0" : "+r"(x0));
  printf("dependent adds/ns: %.2f (GHz)\n", 4.0 * n / (now() - t0) / 1e9);
  __m512d x = _mm512_set1_pd(0.5), y = _mm512_set1_pd(0.25);
  n = 50000000;
  chains4(x, y, n);
  chains12(x, y, n);
  return 0;
}
