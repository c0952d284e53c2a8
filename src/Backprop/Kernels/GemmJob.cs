using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace Backprop.Kernels;

/// <summary>
/// One GEMM call split into fixed blocks: first packing blocks (groups of A and B slivers), then C tiles, each phase one
/// parallel loop. One instance per calling thread, reused; its packing buffers are pinned arrays that only grow.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
internal sealed unsafe class GemmJob<T> : IBlockJob
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private const int SliversPerPackBlock = 8;
    private const int RowsPerPackBlock = 64;
    // A tile's working set per k block (A block, C tile, its B slivers) stays well inside a 512 KiB L2, and a
    // 128-row batch is one row tile, so each packed B sliver is read once. Measured against 96 × 256 tiles on the
    // MLP-MNIST layer shapes (`workload gemm` and `workload profile-mnist`, interleaved runs): 54–61 → 65–80 GFLOP/s.
    private const int TileRows = 132;
    private const int TileColumns = 128;

    // Parallel calls: at least this many tiles per thread where the shape allows (the 128-row batch times 256 columns
    // of MLP-MNIST's second layer made 2 tiles of 132 × 128, one per thread and nothing for the pool to balance with),
    // but tiles no shorter than MinTileRows rows. Four per thread measured no better inside a training step (more
    // re-reads of the packed A block per tile; `workload profile-mnist --threads 2`, interleaved, loaded host).
    private const int TilesPerThread = 2;
    private const int MinTileRows = 4 * Gemm.MR;

    [ThreadStatic]
    private static GemmJob<T>? _current;

    private T[] _packedA = [];
    private T[] _packedB = [];
    private T* _pa;
    private T* _pb;
    private T* _a;
    private T* _b;
    private T* _c;
    private T* _bias;
    private GemmIsa _isa;
    private int _nr;
    private bool _transA;
    private bool _transB;
    private int _m;
    private int _n;
    private int _k;
    private bool _accumulate;
    private bool _relu;
    private int _aSlivers;
    private int _bSlivers;
    private int _aPackBlocks;
    private int _rowsPerTile;
    private int _columnsPerTile;
    private int _tileColumns;
    private int _kc;
    private int _packThreads;

    /// <summary>The job of the current thread.</summary>
    public static GemmJob<T> ForCurrentThread => _current ??= new GemmJob<T>();

    /// <summary>True while packing blocks run; false while C tiles run.</summary>
    public bool Packing { get; set; }

    /// <summary>Number of packing blocks.</summary>
    public int PackBlocks { get; private set; }

    /// <summary>Number of C tiles.</summary>
    public int TileCount { get; private set; }

    /// <summary>
    /// Sets up one call: sizes, pointers (pinned by the caller for the duration of the call) and the block grid. With
    /// <paramref name="threads"/> &gt; 1 the tiles are made narrower (then shorter) until there are at least
    /// <see cref="TilesPerThread"/> per thread where the shape allows, so that a thread that joins late or runs slower
    /// still gets its share; the tiles never split k, so the grid does not change a single bit of C.
    /// </summary>
    public void Prepare(GemmIsa isa, int nr, bool transA, bool transB, T* a, T* b, T* c, int m, int n, int k, bool accumulate, T* bias, bool relu, int threads = 1)
    {
        _isa = isa;
        _nr = nr;
        _transA = transA;
        _transB = transB;
        _a = a;
        _b = b;
        _c = c;
        _m = m;
        _n = n;
        _k = k;
        _accumulate = accumulate;
        _bias = bias;
        _relu = relu;
        _kc = Gemm.DepthBlock(k);
        _aSlivers = (m + Gemm.MR - 1) / Gemm.MR;
        _bSlivers = (n + nr - 1) / nr;
        _pa = Ensure(ref _packedA, (long)_aSlivers * Gemm.MR * k);
        _pb = Ensure(ref _packedB, (long)_bSlivers * nr * k);
        // Row-contiguous sources (Aᵀ stored [k,m], B stored [k,n]) are packed by ranges of k rows, read sequentially;
        // the others by groups of slivers. Either way the blocks write disjoint parts of the packed buffers.
        int rowBlocks = (k + RowsPerPackBlock - 1) / RowsPerPackBlock;
        _aPackBlocks = transA ? rowBlocks : (_aSlivers + SliversPerPackBlock - 1) / SliversPerPackBlock;
        PackBlocks = _aPackBlocks + (transB ? (_bSlivers + SliversPerPackBlock - 1) / SliversPerPackBlock : rowBlocks);

        // Tiles: about TileRows × TileColumns, evened out so that the last tile is not a sliver (shape-only, not thread-dependent).
        int rowTiles = (m + TileRows - 1) / TileRows;
        _rowsPerTile = RoundUp((m + rowTiles - 1) / rowTiles, Gemm.MR);
        int columnTiles = (n + TileColumns - 1) / TileColumns;
        _columnsPerTile = RoundUp((n + columnTiles - 1) / columnTiles, nr);
        rowTiles = (m + _rowsPerTile - 1) / _rowsPerTile;
        _tileColumns = (n + _columnsPerTile - 1) / _columnsPerTile;
        int wanted = threads > 1 ? TilesPerThread * threads : 1;
        while (rowTiles * _tileColumns < wanted && _columnsPerTile > nr)
        {
            _columnsPerTile = RoundUp(_columnsPerTile / 2, nr);
            _tileColumns = (n + _columnsPerTile - 1) / _columnsPerTile;
        }

        while (rowTiles * _tileColumns < wanted && _rowsPerTile > MinTileRows)
        {
            _rowsPerTile = Math.Max(MinTileRows, RoundUp(_rowsPerTile / 2, Gemm.MR));
            rowTiles = (m + _rowsPerTile - 1) / _rowsPerTile;
        }

        TileCount = rowTiles * _tileColumns;
        _packThreads = Math.Max(1, Math.Min(threads, PackBlocks));
    }

    /// <summary>A scratch buffer of at least <paramref name="length"/> elements for the small-product path (it reuses the B packing buffer).</summary>
    public T* SmallScratch(long length) => Ensure(ref _packedB, length);

    /// <summary>Drops the caller's pointers once the call is over.</summary>
    public void Release()
    {
        _a = null;
        _b = null;
        _c = null;
        _bias = null;
    }

    /// <inheritdoc/>
    public void RunBlock(int block)
    {
        if (Packing)
        {
            Pack(block);
        }
        else
        {
            Tile(block);
        }
    }

    private static int RoundUp(int value, int multiple) => (value + multiple - 1) / multiple * multiple;

    private static T* Ensure(ref T[] buffer, long length)
    {
        if (buffer.Length < length)
        {
            buffer = GC.AllocateUninitializedArray<T>(checked((int)Math.Max(length, buffer.Length * 3L / 2)), pinned: true);
        }

        return (T*)Unsafe.AsPointer(ref MemoryMarshal.GetArrayDataReference(buffer));
    }

    /// <summary>
    /// Packing block <paramref name="block"/> of the pool's order. The pool deals each of the call's threads a contiguous
    /// range of blocks; the order here gives each range about its share of A's blocks <em>and</em> of B's, in source
    /// order (thread 0: the first A blocks, then the first B rows; thread 1: the next ones…), rather than all of A to the
    /// first thread. A weight matrix is then packed by ranges of rows that match the halves the optimizer updates
    /// (contiguous chunks, dealt the same way), so each core reads the rows it wrote itself a moment earlier.
    /// </summary>
    private void Pack(int block) => PackBlock(PackOrder(block, _aPackBlocks, PackBlocks - _aPackBlocks, _packThreads));

    /// <summary>
    /// The packing block (A's first, then B's) that runs at position <paramref name="position"/> of the pool's order
    /// when <paramref name="threads"/> threads each take a contiguous range: a permutation of 0 … aBlocks + bBlocks − 1.
    /// </summary>
    internal static int PackOrder(int position, int aBlocks, int bBlocks, int threads)
    {
        for (int t = 0; t < threads; t++)
        {
            int a0 = (int)((long)aBlocks * t / threads), a1 = (int)((long)aBlocks * (t + 1) / threads);
            int b0 = (int)((long)bBlocks * t / threads), b1 = (int)((long)bBlocks * (t + 1) / threads);
            if (position < a1 - a0)
            {
                return a0 + position;
            }

            position -= a1 - a0;
            if (position < b1 - b0)
            {
                return aBlocks + b0 + position;
            }

            position -= b1 - b0;
        }

        throw new ArgumentOutOfRangeException(nameof(position));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void PackBlock(int block)
    {
        if (block < _aPackBlocks)
        {
            if (_transA)
            {
                PackRowRange(_a, _m, _pa, Gemm.MR, block);
                return;
            }

            int s1 = Math.Min(_aSlivers, (block + 1) * SliversPerPackBlock);
            for (int s = block * SliversPerPackBlock; s < s1; s++)
            {
                GemmKernels.PackASliver(_a, _m, _k, _pa, s);
            }

            return;
        }

        block -= _aPackBlocks;
        if (!_transB)
        {
            PackRowRange(_b, _n, _pb, _nr, block);
            return;
        }

        int t1 = Math.Min(_bSlivers, (block + 1) * SliversPerPackBlock);
        for (int s = block * SliversPerPackBlock; s < t1; s++)
        {
            GemmKernels.PackBTransposedSliver(_b, _n, _k, _pb, s, _nr);
        }
    }

    private void PackRowRange(T* source, int width, T* packed, int sliverWidth, int block)
    {
        int p0 = block * RowsPerPackBlock;
        GemmKernels.PackRows(source, width, _k, packed, sliverWidth, p0, Math.Min(_k, p0 + RowsPerPackBlock));
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Tile(int tile)
    {
        int i0 = tile / _tileColumns * _rowsPerTile;
        int j0 = tile % _tileColumns * _columnsPerTile;
        int i1 = Math.Min(_m, i0 + _rowsPerTile);
        int j1 = Math.Min(_n, j0 + _columnsPerTile);
        int nr = _nr;
        int k = _k;
        T* scratch = stackalloc T[Gemm.MR * 32];
        for (int pc = 0; pc < k; pc += _kc)
        {
            int kc = Math.Min(_kc, k - pc);
            bool load = pc > 0 || _accumulate;
            bool last = pc + kc == k;
            T* bias = last ? _bias : null;
            bool relu = last && _relu;
            for (int j = j0; j < j1; j += nr)
            {
                T* bp = _pb + ((long)(j / nr) * k * nr) + ((long)pc * nr);
                int cols = Math.Min(nr, j1 - j);
                T* biasJ = bias == null ? null : bias + j;
                for (int i = i0; i < i1; i += Gemm.MR)
                {
                    T* ap = _pa + ((long)(i / Gemm.MR) * k * Gemm.MR) + ((long)pc * Gemm.MR);
                    int rows = Math.Min(Gemm.MR, i1 - i);
                    T* c = _c + ((long)i * _n) + j;
                    switch (_isa)
                    {
                        case GemmIsa.Vector512:
                            GemmKernels.Kernel512(kc, ap, bp, c, _n, rows, cols, load, biasJ, relu, scratch);
                            break;
                        case GemmIsa.Vector256:
                            GemmKernels.Kernel256(kc, ap, bp, c, _n, rows, cols, load, biasJ, relu, scratch);
                            break;
                        case GemmIsa.Vector128:
                            GemmKernels.Kernel128(kc, ap, bp, c, _n, rows, cols, load, biasJ, relu, scratch);
                            break;
                        default:
                            GemmKernels.KernelScalar(kc, ap, bp, c, _n, rows, cols, load, biasJ, relu, scratch);
                            break;
                    }
                }
            }
        }
    }
}
