using System.Numerics;
using Backprop.Kernels;
using Backprop.Layers;

namespace Backprop.Models;

/// <summary>
/// A model's inference path: runs the layers' <see cref="Layer{T}.Infer"/> on batches cut from the caller's data, with
/// the buffers of each call rented from a pool the runner owns. Writes nothing but the caller's output and the rented
/// workspace, so any number of threads may use one runner at once; results are the same bits as one call at a time.
/// </summary>
/// <remarks>Thread safety: every member may be called from many threads at once (the caller keeps training away; see
/// <see cref="ModelUsage"/>).</remarks>
/// <typeparam name="T">The element type.</typeparam>
internal sealed class InferenceRunner<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Fewest rows a chunk of a split pass gets (see <see cref="Chunks"/>).</summary>
    private const int MinRowsPerChunk = 128;

    /// <summary>Least work a chunk of a split pass gets: well above the cost of handing blocks to the pool.</summary>
    private const long MinFlopsPerChunk = 4L << 20;

    private readonly IReadOnlyList<Layer<T>> _layers;
    private readonly ScratchPool<InferenceWorkspace<T>> _workspaces =
        new(() => new InferenceWorkspace<T>(), ScratchPool<InferenceWorkspace<T>>.DefaultCapacity);
    private readonly ScratchPool<RowChunkJob<T>> _jobs =
        new(() => new RowChunkJob<T>(), ScratchPool<RowChunkJob<T>>.DefaultCapacity);
    private long _flopsPerRow = -1;
    private static long _splitPasses;

    /// <summary>How many passes have been split by rows so far in this process (diagnostics for tests).</summary>
    internal static long SplitPasses => Interlocked.Read(ref _splitPasses);

    /// <summary>Creates the runner of a model's layers (read at each call, so layers added before the build count).</summary>
    public InferenceRunner(IReadOnlyList<Layer<T>> layers) => _layers = layers;

    private int Outputs => _layers[^1].OutputFeatures;

    /// <summary>The outputs of one batch, <paramref name="input"/> as it is, into <paramref name="output"/>.</summary>
    public void Batch(Tensor2D<T> input, Tensor2D<T> output) => Rows(input, output, Math.Max(1, input.Rows));

    /// <summary>
    /// The outputs of every row of <paramref name="features"/> into <paramref name="output"/>, <paramref name="batchSize"/>
    /// rows per pass; a pass large enough is split by rows across the kernel threads (see <see cref="Chunks"/>).
    /// </summary>
    public void Rows(Tensor2D<T> features, Tensor2D<T> output, int batchSize)
    {
        if (features.Rows == 0)
        {
            return;
        }

        InferenceWorkspace<T>? workspace = null;
        try
        {
            for (int start = 0; start < features.Rows; start += batchSize)
            {
                int n = Math.Min(batchSize, features.Rows - start);
                Pass(features, start, n, output, start, ref workspace);
            }
        }
        finally
        {
            if (workspace is not null)
            {
                workspace.ForgetRows();
                _workspaces.Return(workspace);
            }
        }
    }

    /// <summary>The outputs of one sample.</summary>
    public void Row(ReadOnlySpan<T> input, Span<T> output)
    {
        var workspace = _workspaces.Rent();
        try
        {
            var x = workspace.Input(1, input.Length);
            input.CopyTo(x.Span);
            var y = workspace.Output(1, output.Length);
            Run(x, y, workspace);
            y.Span.CopyTo(output);
        }
        finally
        {
            _workspaces.Return(workspace);
        }
    }

    /// <summary>The class of every row (see <c>Sequential.PredictClasses</c>), <paramref name="batchSize"/> rows per pass.</summary>
    public int[] Classes(Tensor2D<T> features, T threshold, int batchSize)
    {
        var classes = new int[features.Rows];
        var workspace = _workspaces.Rent();
        InferenceWorkspace<T>? serial = workspace; // the pass's own workspace too (Pass rents only when given none)
        try
        {
            for (int start = 0; start < features.Rows; start += batchSize)
            {
                int n = Math.Min(batchSize, features.Rows - start);

                // The workspace's output buffer is not one of the buffers a pass writes through (activations, row views).
                var y = workspace.Output(n, Outputs);
                Pass(features, start, n, y, 0, ref serial);
                for (int r = 0; r < n; r++)
                {
                    var row = y.Row(r);
                    classes[start + r] = row.Length > 1 || T.IsNaN(row[0])
                        ? Numeric<T>.ClassOfRow(row, start + r, "prediction")
                        : row[0] >= threshold ? 1 : 0;
                }
            }
        }
        finally
        {
            workspace.ForgetRows();
            _workspaces.Return(workspace);
        }

        return classes;
    }

    /// <summary>
    /// One pass: rows <paramref name="start"/> … +<paramref name="n"/> of <paramref name="features"/> into rows
    /// <paramref name="outputStart"/> … of <paramref name="output"/>, read and written in place through views. Split
    /// by rows across the kernel threads when <see cref="Chunks"/> says so (each chunk with its own workspace, its
    /// products then run on its own thread); otherwise on the calling thread with <paramref name="workspace"/>, rented
    /// on first use and kept for the caller's next pass.
    /// </summary>
    private void Pass(Tensor2D<T> features, int start, int n, Tensor2D<T> output, int outputStart, ref InferenceWorkspace<T>? workspace)
    {
        int chunks = Chunks(n);
        if (chunks > 1)
        {
            Interlocked.Increment(ref _splitPasses);
            var job = _jobs.Rent();
            try
            {
                job.Set(this, features, start, n, output, outputStart, chunks);
                Threading.For(chunks, job);
            }
            finally
            {
                job.Clear();
                _jobs.Return(job);
            }

            return;
        }

        workspace ??= _workspaces.Rent();
        Run(workspace.InputRows(features, start, n), workspace.OutputRows(output, outputStart, n), workspace);
    }

    /// <summary>
    /// Into how many row chunks a pass of <paramref name="rows"/> rows is split, one per kernel thread: 1 (no split) unless
    /// every chunk gets at least <see cref="MinRowsPerChunk"/> rows and <see cref="MinFlopsPerChunk"/> of work, and every
    /// layer is one of the library's own (whose <see cref="Layer{T}.Infer"/> treats each row on its own; a custom layer
    /// might not). Each chunk runs every layer on its rows on one core, so no activation crosses between cores and no
    /// thread waits for another between layers; below the thresholds, one pass whose products split their columns
    /// across the threads packs each weight matrix once instead of once per chunk and is faster. Row chunks do not
    /// change a bit of the results: each output row is the same sequence of operations whichever chunk computes it.
    /// </summary>
    private int Chunks(int rows)
    {
        int threads = Threading.MaxThreads;
        if (threads <= 1 || rows < 2 * MinRowsPerChunk)
        {
            return 1;
        }

        long flopsPerRow = FlopsPerRow();
        int chunks = Math.Min(threads, rows / MinRowsPerChunk);
        while (chunks > 1 && rows / chunks * flopsPerRow < MinFlopsPerChunk)
        {
            chunks--;
        }

        return chunks;
    }

    /// <summary>About two FLOP per parameter per row (a dense layer's multiply-adds), or 0 when a layer is not the library's own.</summary>
    private long FlopsPerRow()
    {
        long flops = _flopsPerRow;
        if (flops >= 0)
        {
            return flops;
        }

        flops = 0;
        foreach (var layer in _layers)
        {
            if (layer.GetType().Assembly != typeof(Layer<T>).Assembly)
            {
                flops = 0;
                break;
            }

            foreach (var parameter in layer.Parameters)
            {
                flops += 2L * parameter.Value.Length;
            }
        }

        // Read at each call (layers may be added until the model is built) but kept once the model is built.
        if (_layers.Count > 0 && _layers[^1].IsBuilt)
        {
            _flopsPerRow = flops;
        }

        return flops;
    }

    /// <summary>One chunk of a split pass (see <see cref="RowChunkJob{T}"/>), with a workspace rented for it.</summary>
    internal void Chunk(Tensor2D<T> features, int start, int n, Tensor2D<T> output, int outputStart)
    {
        var workspace = _workspaces.Rent();
        try
        {
            Run(workspace.InputRows(features, start, n), workspace.OutputRows(output, outputStart, n), workspace);
        }
        finally
        {
            workspace.ForgetRows();
            _workspaces.Return(workspace);
        }
    }

    /// <summary>
    /// Every layer's <see cref="Layer{T}.Infer"/> on one batch: layer i writes one of the workspace's two activation
    /// buffers while it reads the other (or <paramref name="input"/>), and the last layer writes <paramref name="output"/>.
    /// </summary>
    private void Run(Tensor2D<T> input, Tensor2D<T> output, InferenceWorkspace<T> workspace)
    {
        var x = input;
        int last = _layers.Count - 1;
        for (int i = 0; i < last; i++)
        {
            var layer = _layers[i];
            var y = workspace.Activations(i, x.Rows, layer.OutputFeatures);
            workspace.Scratch.Reset();
            layer.Infer(x, y, workspace.Scratch);
            x = y;
        }

        workspace.Scratch.Reset();
        _layers[last].Infer(x, output, workspace.Scratch);
    }
}
