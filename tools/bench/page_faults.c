/* Cost of a first touch of anonymous memory (issue 16, eighth session): 64 MiB mapped, one byte written per
 * 4 KiB page, five rounds; then the same with madvise(MADV_HUGEPAGE) (transparent huge pages in "madvise" mode,
 * as on this VM). gcc -O2 -o /tmp/page_faults tools/bench/page_faults.c && /tmp/page_faults */
#include <stdio.h>
#include <sys/mman.h>
#include <time.h>
#include <string.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
int main(){
  size_t sz=64<<20;
  for(int r=0;r<5;r++){
    char*p=mmap(0,sz,PROT_READ|PROT_WRITE,MAP_PRIVATE|MAP_ANONYMOUS,-1,0);
    double s=now();
    for(size_t i=0;i<sz;i+=4096)p[i]=1;
    double t1=now()-s;
    s=now(); memset(p,2,sz); double t2=now()-s;
    munmap(p,sz);
    char*q=mmap(0,sz,PROT_READ|PROT_WRITE,MAP_PRIVATE|MAP_ANONYMOUS,-1,0);
    madvise(q,sz,MADV_HUGEPAGE);
    s=now(); for(size_t i=0;i<sz;i+=4096)q[i]=1; double t3=now()-s;
    munmap(q,sz);
    printf("4K faults: %.2f us/page  memset warm: %.2f GB/s  THP faults: %.2f us/4K\n", t1*1e6/(sz/4096), sz/t2/1e9, t3*1e6/(sz/4096));
  }
}
