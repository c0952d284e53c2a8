using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Kernels;
using Backprop.Layers;

namespace Backprop.Optimizers;

/// <summary>
/// One parameter's update split into fixed chunks (decoupled decay, then the element-wise rule; the gradient's zeroing is lazy, see
/// <see cref="Parameter{T}.ZeroGradient"/>), run on the
/// kernel pool when the parameter is large; used for optimizers whose <see cref="Optimizer{T}.IsElementwise"/> is true.
/// Each chunk is finished while it is still in cache, so the update is one pass over the parameter instead of three; the
/// rule is element-wise, so the result does not depend on the chunking or the thread count. One instance per optimizer,
/// reused: nothing is allocated per step.
/// </summary>
/// <typeparam name="T">float or double.</typeparam>
internal sealed class ParameterUpdateJob<T> : IBlockJob
    where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>Elements per chunk (64 KiB of floats).</summary>
    internal const int Chunk = 16_384;

    private Optimizer<T>? _optimizer;
    private Parameter<T>? _parameter;
    private T[][] _state = [];
    private T _learningRate;
    private T _decay;
    private bool _applyDecay;
    private long _step;

    /// <summary>Updates <paramref name="parameter"/> in place; returns when every chunk is done.</summary>
    public void Run(Optimizer<T> optimizer, Parameter<T> parameter, T[][] state, T learningRate, long step, bool applyDecay, T decay, bool zeroGradient)
    {
        _optimizer = optimizer;
        _parameter = parameter;
        _state = state;
        _learningRate = learningRate;
        _step = step;
        _applyDecay = applyDecay;
        _decay = decay;
        // Reading the property materialises a lazily zeroed gradient here, on the calling thread, never racing in the
        // chunks (a parameter no backward pass reached since its last step).
        _ = parameter.Gradient;
        try
        {
            // One chunk (or one thread allowed) runs on the calling thread: Threading.For does not dispatch then.
            Threading.For((parameter.Length + Chunk - 1) / Chunk, this);
            if (zeroGradient)
            {
                // Lazy: the next backward pass overwrites the gradient instead of adding to a cleared array.
                parameter.ZeroGradient();
            }
        }
        finally
        {
            _optimizer = null;
            _parameter = null;
            _state = [];
        }
    }

    /// <inheritdoc/>
    public void RunBlock(int block)
    {
        var p = _parameter!;
        int start = block * Chunk;
        int length = Math.Min(Chunk, p.Length - start);
        var slice = new ParameterSlice<T>(p, _state, start, length, _learningRate, _step);
        if (_applyDecay)
        {
            TensorPrimitives.Multiply(slice.Value, _decay, slice.Value);
        }

        _optimizer!.UpdateChunk(slice);
    }
}
