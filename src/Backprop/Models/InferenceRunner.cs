using System.Numerics;
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
    private readonly IReadOnlyList<Layer<T>> _layers;
    private readonly ScratchPool<InferenceWorkspace<T>> _workspaces =
        new(() => new InferenceWorkspace<T>(), ScratchPool<InferenceWorkspace<T>>.DefaultCapacity);

    /// <summary>Creates the runner of a model's layers (read at each call, so layers added before the build count).</summary>
    public InferenceRunner(IReadOnlyList<Layer<T>> layers) => _layers = layers;

    private int Outputs => _layers[^1].OutputFeatures;

    /// <summary>The outputs of one batch, <paramref name="input"/> as it is, into <paramref name="output"/>.</summary>
    public void Batch(Tensor2D<T> input, Tensor2D<T> output)
    {
        var workspace = _workspaces.Rent();
        try
        {
            Run(input, output, workspace);
        }
        finally
        {
            _workspaces.Return(workspace);
        }
    }

    /// <summary>The outputs of every row of <paramref name="features"/> into <paramref name="output"/>, <paramref name="batchSize"/> rows per pass.</summary>
    public void Rows(Tensor2D<T> features, Tensor2D<T> output, int batchSize)
    {
        if (features.Rows == 0)
        {
            return;
        }

        var workspace = _workspaces.Rent();
        try
        {
            if (features.Rows <= batchSize)
            {
                Run(features, output, workspace);
                return;
            }

            int outputs = Outputs;
            for (int start = 0; start < features.Rows; start += batchSize)
            {
                int n = Math.Min(batchSize, features.Rows - start);
                var y = Slice(features, start, n, workspace);
                y.Span.CopyTo(output.Span.Slice(start * outputs, n * outputs));
            }
        }
        finally
        {
            _workspaces.Return(workspace);
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
        try
        {
            for (int start = 0; start < features.Rows; start += batchSize)
            {
                int n = Math.Min(batchSize, features.Rows - start);
                var y = Slice(features, start, n, workspace);
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
            _workspaces.Return(workspace);
        }

        return classes;
    }

    /// <summary>The outputs of rows <paramref name="start"/>..+<paramref name="n"/> of <paramref name="features"/>, in the workspace's output buffer.</summary>
    private Tensor2D<T> Slice(Tensor2D<T> features, int start, int n, InferenceWorkspace<T> workspace)
    {
        var x = features;
        if (start != 0 || n != features.Rows)
        {
            x = workspace.Input(n, features.Columns);
            features.Span.Slice(start * features.Columns, n * features.Columns).CopyTo(x.Span);
        }

        var y = workspace.Output(n, Outputs);
        Run(x, y, workspace);
        return y;
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
