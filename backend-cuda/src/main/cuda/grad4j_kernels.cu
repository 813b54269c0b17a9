// grad4j CUDA kernels: the primitives cuBLAS lacks (elementwise maps with broadcasting strides,
// fill, dtype conversion, axpy, reductions). Compiled to PTX by build-ptx.sh; the PTX is a
// resource of the backend-cuda jar and is loaded with cuModuleLoadData.
//
// Numerics: build-ptx.sh passes -fmad=false so that a*b+c is never contracted to an fma (the CPU
// backend rounds each operation once); axpy and fma (PyTorch's addcmul_ kernel) are the only
// fused operations and call fma() explicitly. Division and sqrt are IEEE round-to-nearest (-prec-div=true -prec-sqrt=true) and
// float32 denormals are kept (-ftz=false).
//
// Arguments: every kernel takes one struct by value (ElemArgs or RedArgs), which the host packs
// into a single buffer (KernelArgs.java mirrors the layouts): one launch argument instead of six to
// ten keeps the host's cost per launch low.
//
// Operand geometry: every elementwise kernel receives a Geo. Element i (row-major over
// shape[0..rank)) of operand k lives at base_k + off[k] + sum_d idx_d * st[k][d]; a stride of 0
// broadcasts. The host merges dimensions first, so rank <= MAX_RANK after merging. Offsets travel
// in the struct (not as offset device pointers) so that kernels get the buffers' base addresses.

#include <cstddef>

#define MAX_RANK 8

struct Geo {
    int rank;
    int off[3];
    int shape[MAX_RANK];
    int st[3][MAX_RANK];
};

// Reduction geometry: output element o (row-major over the kept dims) reduces the input elements
// over the reduced dims.
struct RGeo {
    int inOff;
    int keptRank;
    int keptShape[MAX_RANK];
    int keptStride[MAX_RANK];
    int redRank;
    int redShape[MAX_RANK];
    int redStride[MAX_RANK];
};

// Elementwise kernels: operands a, b (inputs) and out; n elements; s a scalar (fill value, the
// scalar operand, axpy's alpha), rounded to the kernel's type; op an operation code; flag 1 when
// the scalar is the first operand. 192 bytes.
struct ElemArgs {
    const char *a;
    const char *b;
    char *out;
    long long n;
    double s;
    int op;
    int flag;
    Geo g;
};

// Reductions: block b reduces part (b % parts) of output (b / parts), chunk elements per part.
// 192 bytes.
struct RedArgs {
    const char *in;
    char *out;
    long long nOut;
    long long nRed;
    long long parts;
    long long chunk;
    int op;
    RGeo g;
};

// The layout KernelArgs.java writes: byte offsets of every field it packs.
static_assert(sizeof(ElemArgs) == 192 && sizeof(RedArgs) == 192, "KernelArgs.java packs 192-byte argument structs");
static_assert(offsetof(ElemArgs, n) == 24 && offsetof(ElemArgs, s) == 32 && offsetof(ElemArgs, op) == 40
              && offsetof(ElemArgs, flag) == 44 && offsetof(ElemArgs, g) == 48, "ElemArgs layout");
static_assert(offsetof(RedArgs, nOut) == 16 && offsetof(RedArgs, chunk) == 40 && offsetof(RedArgs, op) == 48
              && offsetof(RedArgs, g) == 52, "RedArgs layout");

// Operation codes; must match CudaBackend.java.
enum { U_COPY = 0, U_NEG, U_EXP, U_LOG, U_SQRT, U_ABS, U_RELU, U_TANH, U_SIGMOID, U_SIGN };
enum { B_ADD = 0, B_SUB, B_MUL, B_DIV, B_POW, B_MAXIMUM, B_MINIMUM, B_EQ, B_GT, B_LT };
enum { R_SUM = 0, R_MAX = 1 };

#define REDUCE_THREADS 256

__device__ __forceinline__ void offsets(const Geo &g, long long i, long long &o0, long long &o1, long long &o2) {
    o0 = g.off[0]; o1 = g.off[1]; o2 = g.off[2];
    // Dimension 0 needs no division: what is left of i after the inner dims is its index. A
    // contiguous operand merges to rank 1 and so pays no 64-bit division at all.
    for (int d = g.rank - 1; d >= 1; --d) {
        long long n = g.shape[d];
        long long q = i / n;
        long long r = i - q * n;
        i = q;
        o0 += r * g.st[0][d];
        o1 += r * g.st[1][d];
        o2 += r * g.st[2][d];
    }
    o0 += i * g.st[0][0];
    o1 += i * g.st[1][0];
    o2 += i * g.st[2][0];
}

template <typename T> __device__ __forceinline__ bool isNan(T x) { return x != x; }

// Java's Math.max/min: NaN if either is NaN, and -0.0 < +0.0.
template <typename T> __device__ __forceinline__ T jmax(T a, T b) {
    if (isNan(a)) return a;
    if (isNan(b)) return b;
    if (a > b) return a;
    if (b > a) return b;
    return signbit(a) ? b : a;
}
template <typename T> __device__ __forceinline__ T jmin(T a, T b) {
    if (isNan(a)) return a;
    if (isNan(b)) return b;
    if (a < b) return a;
    if (b < a) return b;
    return signbit(a) ? a : b;
}

__device__ __forceinline__ float  xexp(float x)  { return expf(x); }
__device__ __forceinline__ double xexp(double x) { return exp(x); }
__device__ __forceinline__ float  xlog(float x)  { return logf(x); }
__device__ __forceinline__ double xlog(double x) { return log(x); }
__device__ __forceinline__ float  xsqrt(float x)  { return sqrtf(x); }
__device__ __forceinline__ double xsqrt(double x) { return sqrt(x); }
__device__ __forceinline__ float  xtanh(float x)  { return tanhf(x); }
__device__ __forceinline__ double xtanh(double x) { return tanh(x); }

__device__ __forceinline__ float  xpowLib(float a, float b)  { return powf(a, b); }
__device__ __forceinline__ double xpowLib(double a, double b) { return pow(a, b); }
__device__ __forceinline__ float  xabs(float x)  { return fabsf(x); }
__device__ __forceinline__ double xabs(double x) { return fabs(x); }
__device__ __forceinline__ float  xfma(float a, float b, float c)  { return fmaf(a, b, c); }
__device__ __forceinline__ double xfma(double a, double b, double c) { return fma(a, b, c); }

// x^y as the CPU backend computes it (Kernels.pow): PyTorch's exact special cases for the
// common exponents, which are also more accurate than CUDA's pow (not correctly rounded).
template <typename T> __device__ __forceinline__ T xpow(T x, T y) {
    if (y == (T) 2) return x * x;
    if (y == (T) 1) return x;
    if (y == (T) 0.5) return xsqrt(x);
    if (y == (T) -1) return (T) 1 / x;
    if (y == (T) 3) return x * x * x;
    if (y == (T) -2) return (T) 1 / (x * x);
    if (y == (T) -0.5) return (T) 1 / xsqrt(x);
    return xpowLib(x, y);
}

template <typename T> __device__ __forceinline__ T applyUnary(int op, T x) {
    switch (op) {
        case U_COPY: return x;
        case U_NEG: return -x;
        case U_EXP: return xexp(x);
        case U_LOG: return xlog(x);
        case U_SQRT: return xsqrt(x);
        case U_ABS: return xabs(x);
        case U_RELU: return x > (T) 0 ? x : (isNan(x) ? x : (T) 0);
        case U_TANH: return xtanh(x);
        case U_SIGMOID: return (T) 1 / ((T) 1 + xexp(-x));
        case U_SIGN: return x > (T) 0 ? (T) 1 : (x < (T) 0 ? (T) -1 : x);
        default: return x;
    }
}

template <typename T> __device__ __forceinline__ T applyBinary(int op, T a, T b) {
    switch (op) {
        case B_ADD: return a + b;
        case B_SUB: return a - b;
        case B_MUL: return a * b;
        case B_DIV: return a / b;
        case B_POW: return xpow<T>(a, b);
        case B_MAXIMUM: return jmax(a, b);
        case B_MINIMUM: return jmin(a, b);
        case B_EQ: return a == b ? (T) 1 : (T) 0;
        case B_GT: return a > b ? (T) 1 : (T) 0;
        case B_LT: return a < b ? (T) 1 : (T) 0;
        default: return a;
    }
}

#define GRID_STRIDE(i, n) \
    for (long long i = (long long) blockIdx.x * blockDim.x + threadIdx.x; i < (n); i += (long long) blockDim.x * gridDim.x)

template <typename T> __device__ void fillT(const Geo &g, long long n, T *out, T v) {
    GRID_STRIDE(i, n) {
        long long o0, o1, o2;
        offsets(g, i, o0, o1, o2);
        out[o0] = v;
    }
}

template <typename TI, typename TO> __device__ void unaryT(int op, const Geo &g, long long n, const TI *in, TO *out) {
    GRID_STRIDE(i, n) {
        long long o0, o1, o2;
        offsets(g, i, o0, o1, o2);
        out[o1] = (TO) applyUnary<TI>(op, in[o0]);
    }
}

template <typename T> __device__ void binaryT(int op, const Geo &g, long long n, const T *a, const T *b, T *out) {
    GRID_STRIDE(i, n) {
        long long o0, o1, o2;
        offsets(g, i, o0, o1, o2);
        out[o2] = applyBinary<T>(op, a[o0], b[o1]);
    }
}

template <typename T> __device__ void binaryScalarT(int op, const Geo &g, long long n, const T *a, T s, int scalarFirst, T *out) {
    GRID_STRIDE(i, n) {
        long long o0, o1, o2;
        offsets(g, i, o0, o1, o2);
        T x = a[o0];
        out[o1] = scalarFirst ? applyBinary<T>(op, s, x) : applyBinary<T>(op, x, s);
    }
}

template <typename T> __device__ void axpyT(const Geo &g, long long n, T alpha, const T *x, T *y) {
    GRID_STRIDE(i, n) {
        long long o0, o1, o2;
        offsets(g, i, o0, o1, o2);
        y[o1] = xfma(alpha, x[o0], y[o1]);
    }
}

// y = fma(a, b, y), rounded once: the kernel of PyTorch's CPU addcmul_ (after value*t1).
template <typename T> __device__ void fmaT(const Geo &g, long long n, const T *a, const T *b, T *y) {
    GRID_STRIDE(i, n) {
        long long o0, o1, o2;
        offsets(g, i, o0, o1, o2);
        y[o2] = xfma(a[o0], b[o1], y[o2]);
    }
}

__device__ __forceinline__ long long rOffset(int rank, const int *shape, const int *stride, long long i) {
    long long o = 0;
    for (int d = rank - 1; d >= 1; --d) {
        long long n = shape[d];
        long long q = i / n;
        o += (i - q * n) * stride[d];
        i = q;
    }
    return rank == 0 ? 0 : o + i * stride[0];
}

template <typename T> __device__ __forceinline__ T reduceCombine(int op, T a, T b) {
    return op == R_SUM ? a + b : jmax(a, b);
}

// Folds reduced elements first, first + step, ... (below end) of one output into acc, in that
// order. Four loads are issued before they are combined, so a thread keeps several memory
// requests in flight; the order of the combinations is unchanged.
template <typename T> __device__ __forceinline__ T foldRange(int op, const RGeo &g, const T *base, long long first,
                                                         long long end, long long step, T acc) {
    long long r = first;
    if (g.redRank == 1) {
        const long long s = g.redStride[0];
        for (; r + 3 * step < end; r += 4 * step) {
            T v0 = base[r * s], v1 = base[(r + step) * s], v2 = base[(r + 2 * step) * s], v3 = base[(r + 3 * step) * s];
            acc = reduceCombine<T>(op, reduceCombine<T>(op, reduceCombine<T>(op, reduceCombine<T>(op, acc, v0), v1), v2), v3);
        }
        for (; r < end; r += step) acc = reduceCombine<T>(op, acc, base[r * s]);
    } else {
        for (; r < end; r += step) acc = reduceCombine<T>(op, acc, base[rOffset(g.redRank, g.redShape, g.redStride, r)]);
    }
    return acc;
}

// Block b reduces part (b % parts) of output (b / parts): the reduced elements
// [part * chunk, min(nRed, (part + 1) * chunk)). Its threads fold fixed strided subsets in
// increasing order, then a fixed tree combines them into out[b]. With parts == 1 this is the whole
// reduction; with parts > 1 the host reduces out's [nOut, parts] partial results again, so one
// long reduction spreads over many blocks. The order of operations depends only on the shape and
// the launch configuration: results are deterministic.
template <typename T> __device__ void reduceT(int op, const RGeo &g, long long nOut, long long nRed, long long parts,
                                              long long chunk, const T *in, T *out) {
    __shared__ T part[REDUCE_THREADS];
    const T init = op == R_SUM ? (T) 0 : (T) -INFINITY;
    for (long long b = blockIdx.x; b < nOut * parts; b += gridDim.x) {
        long long o = b / parts;
        long long first = (b - o * parts) * chunk;
        long long end = min(nRed, first + chunk);
        const T *base = in + g.inOff + rOffset(g.keptRank, g.keptShape, g.keptStride, o);
        part[threadIdx.x] = foldRange<T>(op, g, base, first + threadIdx.x, end, blockDim.x, init);
        __syncthreads();
        for (unsigned s = blockDim.x / 2; s > 0; s >>= 1) {
            if (threadIdx.x < s) part[threadIdx.x] = reduceCombine<T>(op, part[threadIdx.x], part[threadIdx.x + s]);
            __syncthreads();
        }
        if (threadIdx.x == 0) out[b] = part[0];
        __syncthreads();
    }
}

// (value, index) order for argmax: NaN is the largest value; among equal values the smaller
// index wins. This is a total order, so the tree gives the first occurrence of the maximum.
template <typename T> __device__ __forceinline__ bool argBetter(T v1, long long i1, T v2, long long i2) {
    bool n1 = isNan(v1), n2 = isNan(v2);
    if (i2 < 0) return i1 >= 0;
    if (i1 < 0) return false;
    if (n1 || n2) return n1 && n2 ? i1 < i2 : n1;
    if (v1 != v2) return v1 > v2;
    return i1 < i2;
}

// ARGMAX over the single reduced axis (g.redRank == 1); the index is written as a T.
template <typename T> __device__ void argmaxT(const RGeo &g, long long nOut, long long nRed, const T *in, T *out) {
    __shared__ T pv[REDUCE_THREADS];
    __shared__ long long pi[REDUCE_THREADS];
    for (long long o = blockIdx.x; o < nOut; o += gridDim.x) {
        const T *base = in + g.inOff + rOffset(g.keptRank, g.keptShape, g.keptStride, o);
        T bv = (T) 0;
        long long bi = -1;
        for (long long r = threadIdx.x; r < nRed; r += blockDim.x) {
            T v = base[r * g.redStride[0]];
            if (argBetter<T>(v, r, bv, bi)) { bv = v; bi = r; }
        }
        pv[threadIdx.x] = bv;
        pi[threadIdx.x] = bi;
        __syncthreads();
        for (unsigned s = blockDim.x / 2; s > 0; s >>= 1) {
            if (threadIdx.x < s && argBetter<T>(pv[threadIdx.x + s], pi[threadIdx.x + s], pv[threadIdx.x], pi[threadIdx.x])) {
                pv[threadIdx.x] = pv[threadIdx.x + s];
                pi[threadIdx.x] = pi[threadIdx.x + s];
            }
            __syncthreads();
        }
        if (threadIdx.x == 0) out[o] = (T) (pi[0] < 0 ? 0 : pi[0]);
        __syncthreads();
    }
}

extern "C" {
#define ELEM(T, p) (const T *) (p).a, (const T *) (p).b, (T *) (p).out
__global__ void fill_f32(ElemArgs p) { fillT<float>(p.g, p.n, (float *) p.out, (float) p.s); }
__global__ void fill_f64(ElemArgs p) { fillT<double>(p.g, p.n, (double *) p.out, p.s); }

__global__ void unary_f32(ElemArgs p) { unaryT<float, float>(p.op, p.g, p.n, (const float *) p.a, (float *) p.out); }
__global__ void unary_f64(ElemArgs p) { unaryT<double, double>(p.op, p.g, p.n, (const double *) p.a, (double *) p.out); }
// COPY with conversion; the float64 -> float32 cast rounds to nearest even.
__global__ void convert_f32_f64(ElemArgs p) { unaryT<float, double>(U_COPY, p.g, p.n, (const float *) p.a, (double *) p.out); }
__global__ void convert_f64_f32(ElemArgs p) { unaryT<double, float>(U_COPY, p.g, p.n, (const double *) p.a, (float *) p.out); }

__global__ void binary_f32(ElemArgs p) { binaryT<float>(p.op, p.g, p.n, ELEM(float, p)); }
__global__ void binary_f64(ElemArgs p) { binaryT<double>(p.op, p.g, p.n, ELEM(double, p)); }

__global__ void binary_scalar_f32(ElemArgs p) { binaryScalarT<float>(p.op, p.g, p.n, (const float *) p.a, (float) p.s, p.flag, (float *) p.out); }
__global__ void binary_scalar_f64(ElemArgs p) { binaryScalarT<double>(p.op, p.g, p.n, (const double *) p.a, p.s, p.flag, (double *) p.out); }

__global__ void axpy_f32(ElemArgs p) { axpyT<float>(p.g, p.n, (float) p.s, (const float *) p.a, (float *) p.out); }
__global__ void axpy_f64(ElemArgs p) { axpyT<double>(p.g, p.n, p.s, (const double *) p.a, (double *) p.out); }

__global__ void fma_f32(ElemArgs p) { fmaT<float>(p.g, p.n, ELEM(float, p)); }
__global__ void fma_f64(ElemArgs p) { fmaT<double>(p.g, p.n, ELEM(double, p)); }

__global__ void reduce_f32(RedArgs p) { reduceT<float>(p.op, p.g, p.nOut, p.nRed, p.parts, p.chunk, (const float *) p.in, (float *) p.out); }
__global__ void reduce_f64(RedArgs p) { reduceT<double>(p.op, p.g, p.nOut, p.nRed, p.parts, p.chunk, (const double *) p.in, (double *) p.out); }

__global__ void argmax_f32(RedArgs p) { argmaxT<float>(p.g, p.nOut, p.nRed, (const float *) p.in, (float *) p.out); }
__global__ void argmax_f64(RedArgs p) { argmaxT<double>(p.g, p.nOut, p.nRed, (const double *) p.in, (double *) p.out); }
}
