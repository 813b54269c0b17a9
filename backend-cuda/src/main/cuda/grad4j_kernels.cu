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
enum { U_COPY = 0, U_NEG, U_EXP, U_LOG, U_SQRT, U_ABS, U_RELU, U_TANH, U_SIGMOID, U_SIGN,
       U_SIN, U_COS, U_TAN, U_ERF, U_FLOOR, U_CEIL, U_ROUND, U_TRUNC, U_RSQRT, U_LOG2, U_LOG10, U_EXP2, U_LOG1P,
       U_EXPM1, U_SILU, U_MISH, U_LOGSIGMOID, U_GELU, U_GELU_TANH, U_RECIPROCAL,
       U_ASIN, U_ACOS, U_ATAN, U_SINH, U_COSH, U_ASINH, U_ACOSH, U_ATANH, U_FRAC, U_ERFC, U_SINC, U_LOGIT };
enum { B_ADD = 0, B_SUB, B_MUL, B_DIV, B_POW, B_MAXIMUM, B_MINIMUM, B_EQ, B_GT, B_LT, B_NE, B_LE, B_GE, B_FLOOR_DIVIDE, B_REMAINDER,
       B_ATAN2, B_HYPOT, B_FMOD, B_COPYSIGN, B_LOGADDEXP, B_LOGADDEXP2, B_XLOGY, B_HEAVISIDE };
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

// PyTorch's div_floor_floating, in double as the CPU backend computes it (IntKernels.floorDivide).
__device__ __forceinline__ double floorDivide(double a, double b) {
    if (b == 0) return a / b;
    double mod = fmod(a, b);
    double div = (a - mod) / b;
    if (mod != 0 && (b < 0) != (mod < 0)) div -= 1.0;
    if (div == 0) return copysign(0.0, a / b);
    double fl = floor(div);
    if (div - fl > 0.5) fl += 1.0;
    return fl;
}

template <typename T> __device__ __forceinline__ T applyUnary(int op, T x) {
    switch (op) {
        case U_COPY: return x;
        case U_NEG: return -x;
        case U_EXP: return xexp(x);
        case U_LOG: return xlog(x);
        case U_SQRT: return xsqrt(x);
        case U_ABS: return xabs(x);
        case U_RELU: return x < (T) 0 ? (T) 0 : x;   // PyTorch's select: -0.0 and NaN stay
        case U_TANH: return xtanh(x);
        case U_SIGMOID: return (T) 1 / ((T) 1 + xexp(-x));
        case U_SIGN: return x > (T) 0 ? (T) 1 : (x < (T) 0 ? (T) -1 : (T) 0);
        case U_SIN: return sin(x);
        case U_COS: return cos(x);
        case U_TAN: return tan(x);
        case U_ERF: return erf(x);
        case U_FLOOR: return floor(x);
        case U_CEIL: return ceil(x);
        case U_ROUND: return rint(x);
        case U_TRUNC: return trunc(x);
        case U_RSQRT: return (T) 1 / xsqrt(x);
        case U_LOG2: return log2(x);
        case U_LOG10: return log10(x);
        case U_EXP2: return exp2(x);
        case U_LOG1P: return log1p(x);
        case U_EXPM1: return expm1(x);
        case U_SILU: return x / ((T) 1 + xexp(-x));
        case U_MISH: return x * xtanh(x > (T) 20 ? x : log1p(xexp(x)));
        case U_LOGSIGMOID: return (x < (T) 0 ? x : (T) 0) - log1p(xexp(-xabs(x)));
        case U_GELU: return x * (T) 0.5 * ((T) 1 + erf(x * (T) 0.70710678118654752440));
        case U_GELU_TANH: return (T) 0.5 * x * ((T) 1 + xtanh((T) 0.79788456080286535588 * (x + (T) 0.044715 * x * x * x)));
        case U_RECIPROCAL: return (T) 1 / x;
        case U_ASIN: return asin(x);
        case U_ACOS: return acos(x);
        case U_ATAN: return atan(x);
        case U_SINH: return sinh(x);
        case U_COSH: return cosh(x);
        case U_ASINH: return asinh(x);
        case U_ACOSH: return acosh(x);
        case U_ATANH: return atanh(x);
        case U_FRAC: return x - trunc(x);
        case U_ERFC: return erfc(x);
        case U_SINC: { if (x == (T) 0) return (T) 1; T p = (T) 3.14159265358979323846 * x; return sin(p) / p; }
        case U_LOGIT: return xlog(x / ((T) 1 - x));
        default: return x;
    }
}

// Tensor-tensor pow is C's pow, as PyTorch's; only the tensor-scalar form takes xpow's shortcuts.
template <typename T> __device__ __forceinline__ T applyBinary(int op, T a, T b) {
    switch (op) {
        case B_ADD: return a + b;
        case B_SUB: return a - b;
        case B_MUL: return a * b;
        case B_DIV: return a / b;
        case B_POW: return (a == (T) 1 || (a == (T) -1 && isinf(b))) ? (T) 1 : xpowLib(a, b);
        case B_MAXIMUM: return jmax(a, b);
        case B_MINIMUM: return jmin(a, b);
        case B_EQ: return a == b ? (T) 1 : (T) 0;
        case B_GT: return a > b ? (T) 1 : (T) 0;
        case B_LT: return a < b ? (T) 1 : (T) 0;
        case B_NE: return a != b ? (T) 1 : (T) 0;
        case B_LE: return a <= b ? (T) 1 : (T) 0;
        case B_GE: return a >= b ? (T) 1 : (T) 0;
        case B_FLOOR_DIVIDE: return (T) floorDivide((double) a, (double) b);
        case B_REMAINDER: { T m = fmod(a, b); return (m != (T) 0 && ((b < (T) 0) != (m < (T) 0))) ? m + b : m; }
        case B_ATAN2: return atan2(a, b);
        case B_HYPOT: return hypot(a, b);
        case B_FMOD: return fmod(a, b);
        case B_COPYSIGN: return copysign(a, b);
        case B_LOGADDEXP: case B_LOGADDEXP2: {
            if (isinf(a) && a == b) return a;
            T m = a < b ? b : a;
            return op == B_LOGADDEXP ? m + log1p(xexp(-xabs(a - b)))
                                     : m + log1p(exp2(-xabs(a - b))) * (T) 1.44269504088896340736;
        }
        case B_XLOGY: return isNan(b) ? b : (a == (T) 0 ? (T) 0 : a * xlog(b));
        case B_HEAVISIDE: return a == (T) 0 ? b : (a > (T) 0 ? (T) 1 : (T) 0);
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

// maximum/minimum with a number are PyTorch's clamp_min/clamp_max: x unless beyond the bound (x on a tie, so
// -0.0 clamped at 0 stays -0.0; NaN x stays), NaN for a NaN bound (BinaryOp.applyScalar).
template <typename T> __device__ __forceinline__ T clampScalar(int op, T x, T s) {
    if (isNan(s)) return s;
    return op == B_MAXIMUM ? (x < s ? s : x) : (x > s ? s : x);
}

template <typename T> __device__ void binaryScalarT(int op, const Geo &g, long long n, const T *a, T s, int scalarFirst, T *out) {
    GRID_STRIDE(i, n) {
        long long o0, o1, o2;
        offsets(g, i, o0, o1, o2);
        T x = a[o0];
        out[o1] = scalarFirst ? applyBinary<T>(op, s, x)
                : op == B_POW ? xpow<T>(x, s)
                : op == B_MAXIMUM || op == B_MINIMUM ? clampScalar<T>(op, x, s)
                : applyBinary<T>(op, x, s);
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

// ---------------------------------------------------------------- int64 and bool (stored as one byte, 0 or 1)
// Integer arithmetic wraps like the CPU backend's long arithmetic (done in unsigned to avoid C++'s
// undefined signed overflow). Comparisons of any dtype write bool.

typedef long long i64;
typedef unsigned char u8;
typedef unsigned long long u64;

// Conversions as the CPU backend does them: float -> int64 truncates, NaN and out-of-range give
// INT64_MIN (x86's cvttsd2si, which PyTorch's CPU kernels use); anything -> bool is x != 0.
template <typename TO> struct Cvt;
template <> struct Cvt<float> {
    template <typename TI> __device__ static float of(TI x) { return (float) x; }
};
template <> struct Cvt<double> {
    template <typename TI> __device__ static double of(TI x) { return (double) x; }
};
__device__ __forceinline__ i64 toI64(double x) {
    return (x >= 9223372036854775808.0 || !(x >= -9223372036854775808.0)) ? (i64) (1ULL << 63) : (i64) x;
}
template <> struct Cvt<i64> {
    __device__ static i64 of(float x) { return toI64((double) x); }
    __device__ static i64 of(double x) { return toI64(x); }
    __device__ static i64 of(i64 x) { return x; }
    __device__ static i64 of(u8 x) { return (i64) x; }
};
template <> struct Cvt<u8> {
    template <typename TI> __device__ static u8 of(TI x) { return x != (TI) 0 ? 1 : 0; }
};

template <typename TI, typename TO> __device__ void convertT(const Geo &g, long long n, const TI *in, TO *out) {
    GRID_STRIDE(i, n) {
        long long o0, o1, o2;
        offsets(g, i, o0, o1, o2);
        out[o1] = Cvt<TO>::of(in[o0]);
    }
}

__device__ __forceinline__ i64 wrapNeg(i64 x) { return (i64) (0ULL - (u64) x); }

__device__ __forceinline__ i64 unaryI64(int op, i64 x) {
    switch (op) {
        case U_NEG: return wrapNeg(x);
        case U_ABS: return x < 0 ? wrapNeg(x) : x;
        case U_SIGN: return x > 0 ? 1 : (x < 0 ? -1 : 0);
        case U_RELU: return x > 0 ? x : 0;
        default: return x;
    }
}

// PyTorch's integer pow: by squaring (wrapping); a negative exponent gives 1, +-1 or 0.
__device__ __forceinline__ i64 powI64(i64 b, i64 e) {
    if (e < 0) return b == 1 ? 1 : (b == -1 ? ((e & 1) ? -1 : 1) : 0);
    u64 r = 1, x = (u64) b;
    while (e > 0) {
        if (e & 1) r *= x;
        x *= x;
        e >>= 1;
    }
    return (i64) r;
}

// Floor division; a zero divisor (an error on the CPU) gives 0 here.
__device__ __forceinline__ i64 floorDivI64(i64 a, i64 b) {
    if (b == 0) return 0;
    i64 q = a / b;
    i64 r = a - q * b;
    return (r != 0 && ((r < 0) != (b < 0))) ? q - 1 : q;
}

__device__ __forceinline__ i64 binaryI64(int op, i64 a, i64 b) {
    switch (op) {
        case B_ADD: return (i64) ((u64) a + (u64) b);
        case B_SUB: return (i64) ((u64) a - (u64) b);
        case B_MUL: return (i64) ((u64) a * (u64) b);
        case B_POW: return powI64(a, b);
        case B_MAXIMUM: return a > b ? a : b;
        case B_MINIMUM: return a < b ? a : b;
        case B_FLOOR_DIVIDE: return floorDivI64(a, b);
        case B_REMAINDER: { if (b == 0) return 0; i64 r = a % b; return (r != 0 && ((r < 0) != (b < 0))) ? r + b : r; }
        case B_FMOD: return b == 0 ? 0 : a % b;   // a zero divisor (an error on the CPU) gives 0 here
        case B_HEAVISIDE: return a == 0 ? b : (a > 0 ? 1 : 0);
        default: return a;
    }
}

// bool arithmetic: + and maximum are or, * and minimum are and.
__device__ __forceinline__ u8 binaryU8(int op, u8 a, u8 b) {
    switch (op) {
        case B_ADD: case B_MAXIMUM: return (a | b) ? 1 : 0;
        case B_MUL: case B_MINIMUM: return (a & b) ? 1 : 0;
        case B_HEAVISIDE: return a == 0 ? b : 1;
        default: return a;
    }
}

template <typename T> __device__ __forceinline__ u8 compare(int op, T a, T b) {
    switch (op) {
        case B_EQ: return a == b;
        case B_NE: return a != b;
        case B_LT: return a < b;
        case B_LE: return a <= b;
        case B_GT: return a > b;
        case B_GE: return a >= b;
        default: return 0;
    }
}

template <typename T> __device__ void compareT(int op, const Geo &g, long long n, const T *a, const T *b, u8 *out) {
    GRID_STRIDE(i, n) {
        long long o0, o1, o2;
        offsets(g, i, o0, o1, o2);
        out[o2] = compare<T>(op, a[o0], b[o1]);
    }
}

// A float tensor against a number: the number rounded to the tensor's type first.
template <typename T> __device__ void compareScalarT(int op, const Geo &g, long long n, const T *a, double s,
                                                     int scalarFirst, u8 *out) {
    T v = (T) s;
    GRID_STRIDE(i, n) {
        long long o0, o1, o2;
        offsets(g, i, o0, o1, o2);
        out[o1] = scalarFirst ? compare<T>(op, v, a[o0]) : compare<T>(op, a[o0], v);
    }
}

// An int64 or bool tensor against a number: exactly in int64 when the number is an integer, else in double.
template <typename T> __device__ void compareScalarIntT(int op, const Geo &g, long long n, const T *a, double s,
                                                        int scalarFirst, u8 *out) {
    bool integral = (double) toI64(s) == s;
    i64 sl = toI64(s);
    GRID_STRIDE(i, n) {
        long long o0, o1, o2;
        offsets(g, i, o0, o1, o2);
        i64 x = (i64) a[o0];
        u8 r = integral ? (scalarFirst ? compare<i64>(op, sl, x) : compare<i64>(op, x, sl))
                        : (scalarFirst ? compare<double>(op, s, (double) x) : compare<double>(op, (double) x, s));
        out[o1] = r;
    }
}

template <typename T, typename F> __device__ void mapBinaryT(F f, int op, const Geo &g, long long n, const T *a,
                                                             const T *b, T *out) {
    GRID_STRIDE(i, n) {
        long long o0, o1, o2;
        offsets(g, i, o0, o1, o2);
        out[o2] = f(op, a[o0], b[o1]);
    }
}

// int64 SUM and MAX: exact, so any order gives the same result.
__device__ void reduceI64(int op, const RGeo &g, long long nOut, long long nRed, long long parts, long long chunk,
                          const i64 *in, i64 *out) {
    __shared__ i64 part[REDUCE_THREADS];
    const i64 init = op == R_SUM ? 0 : (i64) (1ULL << 63);
    for (long long b = blockIdx.x; b < nOut * parts; b += gridDim.x) {
        long long o = b / parts;
        long long first = (b - o * parts) * chunk;
        long long end = min(nRed, first + chunk);
        const i64 *base = in + g.inOff + rOffset(g.keptRank, g.keptShape, g.keptStride, o);
        i64 acc = init;
        for (long long r = first + threadIdx.x; r < end; r += blockDim.x) {
            i64 v = base[rOffset(g.redRank, g.redShape, g.redStride, r)];
            acc = op == R_SUM ? (i64) ((u64) acc + (u64) v) : (v > acc ? v : acc);
        }
        part[threadIdx.x] = acc;
        __syncthreads();
        for (unsigned s = blockDim.x / 2; s > 0; s >>= 1) {
            if (threadIdx.x < s) {
                i64 x = part[threadIdx.x], y = part[threadIdx.x + s];
                part[threadIdx.x] = op == R_SUM ? (i64) ((u64) x + (u64) y) : (y > x ? y : x);
            }
            __syncthreads();
        }
        if (threadIdx.x == 0) out[b] = part[0];
        __syncthreads();
    }
}

// ARGMAX writing int64 indices (argmaxT writes the index as its input type, for gradients' masks).
template <typename T> __device__ void argmaxI64T(const RGeo &g, long long nOut, long long nRed, const T *in, i64 *out) {
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
        if (threadIdx.x == 0) out[o] = pi[0] < 0 ? 0 : pi[0];
        __syncthreads();
    }
}

struct OpI64 { __device__ i64 operator()(int op, i64 a, i64 b) const { return binaryI64(op, a, b); } };
struct OpU8 { __device__ u8 operator()(int op, u8 a, u8 b) const { return binaryU8(op, a, b); } };

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

__global__ void fill_i64(ElemArgs p) { fillT<i64>(p.g, p.n, (i64 *) p.out, toI64(p.s)); }
__global__ void fill_u8(ElemArgs p) { fillT<u8>(p.g, p.n, (u8 *) p.out, p.s != 0.0 ? 1 : 0); }

#define CONVERT(A, TA, B, TB) \
    __global__ void convert_##A##_##B(ElemArgs p) { convertT<TA, TB>(p.g, p.n, (const TA *) p.a, (TB *) p.out); }
CONVERT(f32, float, i64, i64) CONVERT(f32, float, u8, u8)
CONVERT(f64, double, i64, i64) CONVERT(f64, double, u8, u8)
CONVERT(i64, i64, f32, float) CONVERT(i64, i64, f64, double) CONVERT(i64, i64, u8, u8)
CONVERT(u8, u8, f32, float) CONVERT(u8, u8, f64, double) CONVERT(u8, u8, i64, i64)
CONVERT(i64, i64, i64, i64) CONVERT(u8, u8, u8, u8)

__global__ void unary_i64(ElemArgs p) {
    GRID_STRIDE(i, p.n) {
        long long o0, o1, o2;
        offsets(p.g, i, o0, o1, o2);
        ((i64 *) p.out)[o1] = unaryI64(p.op, ((const i64 *) p.a)[o0]);
    }
}

__global__ void binary_i64(ElemArgs p) { mapBinaryT<i64>(OpI64(), p.op, p.g, p.n, ELEM(i64, p)); }
__global__ void binary_u8(ElemArgs p) { mapBinaryT<u8>(OpU8(), p.op, p.g, p.n, ELEM(u8, p)); }

__global__ void compare_f32(ElemArgs p) { compareT<float>(p.op, p.g, p.n, (const float *) p.a, (const float *) p.b, (u8 *) p.out); }
__global__ void compare_f64(ElemArgs p) { compareT<double>(p.op, p.g, p.n, (const double *) p.a, (const double *) p.b, (u8 *) p.out); }
__global__ void compare_i64(ElemArgs p) { compareT<i64>(p.op, p.g, p.n, (const i64 *) p.a, (const i64 *) p.b, (u8 *) p.out); }
__global__ void compare_u8(ElemArgs p) { compareT<u8>(p.op, p.g, p.n, (const u8 *) p.a, (const u8 *) p.b, (u8 *) p.out); }

__global__ void compare_scalar_f32(ElemArgs p) { compareScalarT<float>(p.op, p.g, p.n, (const float *) p.a, p.s, p.flag, (u8 *) p.out); }
__global__ void compare_scalar_f64(ElemArgs p) { compareScalarT<double>(p.op, p.g, p.n, (const double *) p.a, p.s, p.flag, (u8 *) p.out); }
__global__ void compare_scalar_i64(ElemArgs p) { compareScalarIntT<i64>(p.op, p.g, p.n, (const i64 *) p.a, p.s, p.flag, (u8 *) p.out); }
__global__ void compare_scalar_u8(ElemArgs p) { compareScalarIntT<u8>(p.op, p.g, p.n, (const u8 *) p.a, p.s, p.flag, (u8 *) p.out); }

// int32 and uint8 live widened in int64 buffers (CudaBackend.elementBytes): the int64 kernels compute, then
// wrap_i64 brings the output back into range (p.op = 32 or 8); floats convert to int32 as x86's cvttsd2si does.
__device__ __forceinline__ i64 toI32(double x) {
    return (x >= 2147483648.0 || !(x > -2147483649.0)) ? (i64) (-2147483647 - 1) : (i64) (int) x;
}
__global__ void wrap_i64(ElemArgs p) {
    GRID_STRIDE(i, p.n) {
        long long o0, o1, o2;
        offsets(p.g, i, o0, o1, o2);
        u64 v = (u64) ((i64 *) p.out)[o0];
        ((i64 *) p.out)[o0] = p.op == 32 ? (i64) (int) (unsigned int) v : (i64) (v & 0xFFULL);
    }
}
__global__ void convert_f32_i32(ElemArgs p) {
    GRID_STRIDE(i, p.n) {
        long long o0, o1, o2;
        offsets(p.g, i, o0, o1, o2);
        ((i64 *) p.out)[o1] = toI32((double) ((const float *) p.a)[o0]);
    }
}
__global__ void convert_f64_i32(ElemArgs p) {
    GRID_STRIDE(i, p.n) {
        long long o0, o1, o2;
        offsets(p.g, i, o0, o1, o2);
        ((i64 *) p.out)[o1] = toI32(((const double *) p.a)[o0]);
    }
}

__global__ void reduce_i64(RedArgs p) { reduceI64(p.op, p.g, p.nOut, p.nRed, p.parts, p.chunk, (const i64 *) p.in, (i64 *) p.out); }

__global__ void argmax_f32_i64(RedArgs p) { argmaxI64T<float>(p.g, p.nOut, p.nRed, (const float *) p.in, (i64 *) p.out); }
__global__ void argmax_f64_i64(RedArgs p) { argmaxI64T<double>(p.g, p.nOut, p.nRed, (const double *) p.in, (i64 *) p.out); }
__global__ void argmax_i64_i64(RedArgs p) { argmaxI64T<i64>(p.g, p.nOut, p.nRed, (const i64 *) p.in, (i64 *) p.out); }
}

// Indexing (Backend.gather/scatter/where). Operands: a = values (gather: the source with stride 0 at the
// gathered dim), b = int64 index, out; p.op carries the stride of the indexed dim (gather: the source's,
// scatter: the output's, whose Geo stride there is 0); p.flag = 1 accumulates (scatter_add, with atomics:
// the order of additions into one element is unspecified, as in PyTorch's CUDA kernel).
template <typename T> __device__ void gatherT(const Geo &g, long long n, int dimStride, const T *src, const i64 *index, T *out) {
    GRID_STRIDE(i, n) {
        long long o0, o1, o2;
        offsets(g, i, o0, o1, o2);
        out[o2] = src[o0 + index[o1] * (long long) dimStride];
    }
}

template <typename T> __device__ __forceinline__ void addInto(T *p, T v) { atomicAdd(p, v); }
template <> __device__ __forceinline__ void addInto<i64>(i64 *p, i64 v) {
    atomicAdd((unsigned long long *) p, (unsigned long long) v);   // two's complement: wraps as on the CPU
}

template <typename T> __device__ void scatterT(const Geo &g, long long n, int dimStride, int accumulate, const T *src,
                                               const i64 *index, T *out) {
    GRID_STRIDE(i, n) {
        long long o0, o1, o2;
        offsets(g, i, o0, o1, o2);
        T *dst = out + o2 + index[o1] * (long long) dimStride;
        if (accumulate) {
            addInto<T>(dst, src[o0]);
        } else {
            *dst = src[o0];
        }
    }
}

// bool: accumulating is a logical or, so storing 1 for a true source element is exact whatever the order.
__device__ void scatterU8(const Geo &g, long long n, int dimStride, int accumulate, const u8 *src, const i64 *index, u8 *out) {
    GRID_STRIDE(i, n) {
        long long o0, o1, o2;
        offsets(g, i, o0, o1, o2);
        u8 *dst = out + o2 + index[o1] * (long long) dimStride;
        if (!accumulate) {
            *dst = src[o0];
        } else if (src[o0]) {
            *dst = 1;
        }
    }
}

// where, in two launches (a Geo holds three operands): out = b (a copy), then out = a where cond (a = cond, b = a).
template <typename T> __device__ void selectT(const Geo &g, long long n, const u8 *cond, const T *a, T *out) {
    GRID_STRIDE(i, n) {
        long long o0, o1, o2;
        offsets(g, i, o0, o1, o2);
        if (cond[o0]) {
            out[o2] = a[o1];
        }
    }
}

#define INDEXING(S, T) \
    __global__ void gather_##S(ElemArgs p) { gatherT<T>(p.g, p.n, p.op, (const T *) p.a, (const i64 *) p.b, (T *) p.out); } \
    __global__ void select_##S(ElemArgs p) { selectT<T>(p.g, p.n, (const u8 *) p.a, (const T *) p.b, (T *) p.out); }
INDEXING(f32, float) INDEXING(f64, double) INDEXING(i64, i64) INDEXING(u8, u8)
__global__ void scatter_f32(ElemArgs p) { scatterT<float>(p.g, p.n, p.op, p.flag, (const float *) p.a, (const i64 *) p.b, (float *) p.out); }
__global__ void scatter_f64(ElemArgs p) { scatterT<double>(p.g, p.n, p.op, p.flag, (const double *) p.a, (const i64 *) p.b, (double *) p.out); }
__global__ void scatter_i64(ElemArgs p) { scatterT<i64>(p.g, p.n, p.op, p.flag, (const i64 *) p.a, (const i64 *) p.b, (i64 *) p.out); }
__global__ void scatter_u8(ElemArgs p) { scatterU8(p.g, p.n, p.op, p.flag, (const u8 *) p.a, (const i64 *) p.b, (u8 *) p.out); }
