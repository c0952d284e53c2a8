using System.Numerics;
using System.Numerics.Tensors;

namespace Backprop.Optimizers;

/// <summary>
/// Updates parameters from their gradients. <see cref="Step"/> does, in order: count the iteration;
/// clip gradients by value, then by global norm; apply decoupled weight decay <c>w ← w − lr·wd·w</c>
/// (kernels only, see <see cref="DecayBiases"/>); apply the subclass's update rule; zero the gradients.
/// State (moments, accumulators) is kept per parameter.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract class Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dictionary<Parameter<T>, T[][]> _state = new(ReferenceEqualityComparer.Instance);
    private double _learningRate;
    private double? _clipNorm;
    private double? _clipValue;
    private double _weightDecay;

    /// <summary>Initialises the optimizer.</summary>
    /// <param name="learningRate">The step size (finite, ≥ 0).</param>
    protected Optimizer(double learningRate)
    {
        Numeric<T>.EnsureSupported();
        LearningRate = learningRate;
    }

    /// <summary>The step size; may be changed between steps (schedules, callbacks).</summary>
    public double LearningRate
    {
        get => _learningRate;
        set
        {
            if (!double.IsFinite(value) || value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "The learning rate must be finite and ≥ 0.");
            }

            _learningRate = value;
        }
    }

    /// <summary>When set, gradients are rescaled so that their global L2 norm (over all parameters) is at most this.</summary>
    public double? ClipNorm
    {
        get => _clipNorm;
        set => _clipNorm = CheckPositive(value, nameof(ClipNorm));
    }

    /// <summary>When set, each gradient element is clamped to [−ClipValue, ClipValue].</summary>
    public double? ClipValue
    {
        get => _clipValue;
        set => _clipValue = CheckPositive(value, nameof(ClipValue));
    }

    /// <summary>Decoupled weight decay wd: <c>w ← w − lr·wd·w</c> before the update (AdamW/SGDW style). Default 0.</summary>
    public double WeightDecay
    {
        get => _weightDecay;
        set
        {
            if (!double.IsFinite(value) || value < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(value), value, "Weight decay must be finite and ≥ 0.");
            }

            _weightDecay = value;
        }
    }

    /// <summary>When true, decoupled weight decay also applies to biases and normalization parameters. Default false.</summary>
    public bool DecayBiases { get; set; }

    /// <summary>When true (default), <see cref="Step"/> zeroes each gradient after using it.</summary>
    public bool ZeroGradientsAfterStep { get; set; } = true;

    /// <summary>Number of steps taken so far (t in the formulas counts from 1 at the first step).</summary>
    public long Iterations { get; private set; }

    /// <summary>Number of state buffers the update rule keeps per parameter (e.g. 2 for Adam's moments).</summary>
    protected abstract int StateSlots { get; }

    /// <summary>Applies one update to every trainable parameter.</summary>
    /// <param name="parameters">The parameters, e.g. <c>model.Parameters</c>.</param>
    public void Step(IReadOnlyList<Parameter<T>> parameters)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        Iterations++;
        ClipGradients(parameters);
        T lr = T.CreateTruncating(LearningRate);
        T decay = T.One - T.CreateTruncating(LearningRate * WeightDecay);
        for (int i = 0; i < parameters.Count; i++)
        {
            var p = parameters[i];
            if (!p.Trainable)
            {
                continue;
            }

            if (WeightDecay > 0 && (DecayBiases || p.Role == ParameterRole.Kernel || p.Role == ParameterRole.Other))
            {
                TensorPrimitives.Multiply(p.Value.Span, decay, p.Value.Span);
            }

            Update(p.Value.Span, p.Gradient.Span, StateOf(p), lr, Iterations);
            if (ZeroGradientsAfterStep)
            {
                p.ZeroGradient();
            }
        }
    }

    /// <summary>Forgets all per-parameter state and the iteration count.</summary>
    public void Reset()
    {
        _state.Clear();
        Iterations = 0;
    }

    /// <summary>The update rule for one parameter.</summary>
    /// <param name="value">The parameter's values, updated in place.</param>
    /// <param name="gradient">Its (clipped) gradient.</param>
    /// <param name="state">Its <see cref="StateSlots"/> state buffers, zero-initialised at first use.</param>
    /// <param name="learningRate">The learning rate.</param>
    /// <param name="step">The step number t, from 1.</param>
    protected abstract void Update(Span<T> value, ReadOnlySpan<T> gradient, T[][] state, T learningRate, long step);

    /// <summary>Initialises new per-parameter state (zero-filled by default).</summary>
    /// <param name="state">The freshly allocated state buffers.</param>
    protected virtual void InitializeState(T[][] state)
    {
    }

    private T[][] StateOf(Parameter<T> p)
    {
        if (!_state.TryGetValue(p, out var slots))
        {
            slots = new T[StateSlots][];
            for (int s = 0; s < slots.Length; s++)
            {
                slots[s] = new T[p.Length];
            }

            InitializeState(slots);
            _state.Add(p, slots);
        }

        return slots;
    }

    private void ClipGradients(IReadOnlyList<Parameter<T>> parameters)
    {
        if (ClipValue is double cv)
        {
            T limit = T.CreateTruncating(cv);
            foreach (var p in parameters)
            {
                TensorPrimitives.Clamp(p.Gradient.Span, -limit, limit, p.Gradient.Span);
            }
        }

        if (ClipNorm is double cn)
        {
            double sumSquares = 0;
            foreach (var p in parameters)
            {
                sumSquares += double.CreateTruncating(TensorPrimitives.SumOfSquares<T>(p.Gradient.Span));
            }

            double norm = Math.Sqrt(sumSquares);
            if (norm > cn)
            {
                T scale = T.CreateTruncating(cn / norm);
                foreach (var p in parameters)
                {
                    TensorPrimitives.Multiply(p.Gradient.Span, scale, p.Gradient.Span);
                }
            }
        }
    }

    private static double? CheckPositive(double? value, string name)
    {
        if (value is double v && (!double.IsFinite(v) || v <= 0))
        {
            throw new ArgumentOutOfRangeException(name, v, $"{name} must be finite and > 0, or null.");
        }

        return value;
    }
}
