// OpenBLAS dgemm on the wide layer's three products (the libopenblas numpy and PyTorch map), GFLOP/s per process CPU
// second and wall:  gcc -O2 -o /tmp/ob tools/bench/openblas_dgemm.c -I/usr/include/x86_64-linux-gnu/openblas-pthread \
//   -L/usr/lib/x86_64-linux-gnu/openblas-pthread -lopenblas && OPENBLAS_NUM_THREADS=1 env -u OPENBLAS_CORETYPE -u OPENBLAS_L2_SIZE /tmp/ob
#include <stdio.h>
#include <stdlib.h>
#include <time.h>
#include <cblas.h>
static double now(int c){struct timespec t;clock_gettime(c,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int cmp(const void*a,const void*b){double x=*(double*)a,y=*(double*)b;return x<y?-1:x>y;}
int main(int argc,char**argv){
  int M=256,N=1024,K=1024; double *X=malloc(8*256*1024),*W=malloc(8*1024*1024),*G=malloc(8*256*1024),*C=malloc(8*1024*1024);
  for(int i=0;i<256*1024;i++){X[i]=drand48()-.5;G[i]=drand48()-.5;} for(int i=0;i<1024*1024;i++)W[i]=drand48()-.5;
  const char*nm[3]={"fwd X*W^T","bwd G*W","bwd G^T*X"};
  for(int s=0;s<3;s++){ double tc[41],tw[41];
    for(int r=0;r<51;r++){ double c0=now(CLOCK_PROCESS_CPUTIME_ID),w0=now(CLOCK_MONOTONIC);
      if(s==0) cblas_dgemm(CblasRowMajor,CblasNoTrans,CblasTrans,256,1024,1024,1,X,1024,W,1024,0,C,1024);
      else if(s==1) cblas_dgemm(CblasRowMajor,CblasNoTrans,CblasNoTrans,256,1024,1024,1,G,1024,W,1024,0,C,1024);
      else cblas_dgemm(CblasRowMajor,CblasTrans,CblasNoTrans,1024,1024,256,1,G,1024,X,1024,0,C,1024);
      if(r>=10){tc[r-10]=now(CLOCK_PROCESS_CPUTIME_ID)-c0; tw[r-10]=now(CLOCK_MONOTONIC)-w0;} }
    qsort(tc,41,8,cmp); qsort(tw,41,8,cmp); double fl=2.0*256*1024*1024;
    printf("%-10s per CPU-s %.1f GF/s (best %.1f)  wall %.1f\n",nm[s],fl/tc[20]/1e9,fl/tc[0]/1e9,fl/tw[20]/1e9);}
}
