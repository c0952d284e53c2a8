using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Layers;

namespace Backprop.Optimizers;

/// <summary>
/// Updates parameters from their gradients. <see cref="Step"/> does, in order: count the iteration;
/// clip gradients by value, then by global norm; apply decoupled weight decay <c>w ← w − lr·wd·w</c>
/// to the parameters its policy selects (<see cref="Decay"/>: kernels, not biases or normalization parameters,
/// by default); apply the subclass's update rule; apply the parameter's <see cref="Parameter{T}.Constraint"/>;
/// zero the gradients. State (moments, accumulators) is kept per parameter.
/// </summary>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract class Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly Dictionary<Parameter<T>, T[][]> _state = new(ReferenceEqualityComparer.Instance);
    private double _learningRate;
    private double? _clipNorm;
    private double? _clipValue;
    private DecoupledWeightDecay _decay = DecoupledWeightDecay.None;
    private readonly ParameterUpdateJob<T> _updateJob = new();
    private readonly bool _sliceable;

    /// <summary>Initialises the optimizer.</summary>
    /// <param name="learningRate">The step size (finite, ≥ 0).</param>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is negative, NaN or ∞.</exception>
    protected Optimizer(double learningRate)
    {
        Numeric<T>.EnsureSupported();
        LearningRate = learningRate;

        // The built-in rules are element-wise and implement UpdateSlice; a subclass from another assembly may override
        // Update with anything, so it always gets the whole parameter at once.
        _sliceable = GetType().Assembly == typeof(Optimizer<T>).Assembly;
    }

    /// <summary>The step size; may be changed between steps (schedules, callbacks).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative, NaN or ∞ value.</exception>
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

    /// <summary>
    /// When set, gradients are rescaled so that their global L2 norm (over all trainable parameters) is at most this:
    /// <c>g ← g·min(1, ClipNorm/‖g‖)</c>. Applied after <see cref="ClipValue"/>.
    /// </summary>
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

    /// <summary>
    /// Decoupled weight decay: its rate wd and which parameters it applies to (typed policy; by default kernels
    /// only — biases and normalization parameters are excluded). Default: none.
    /// </summary>
    public DecoupledWeightDecay Decay
    {
        get => _decay;
        set => _decay = value ?? throw new ArgumentNullException(nameof(value));
    }

    /// <summary>
    /// Shorthand for <c>Decay.Rate</c>: decoupled weight decay wd, <c>w ← w − lr·wd·w</c> before the update
    /// (AdamW/SGDW style). Setting it keeps the current policy. Default 0.
    /// </summary>
    public double WeightDecay
    {
        get => _decay.Rate;
        set => _decay = _decay.WithRate(value);
    }

    /// <summary>
    /// Shorthand: true when <see cref="Decay"/> also applies to biases and normalization parameters; setting it
    /// adds or removes those roles from the policy. Default false.
    /// </summary>
    public bool DecayBiases
    {
        get => _decay.Roles.Contains(ParameterRole.Bias);
        set
        {
            ParameterRole[] extra = [ParameterRole.Bias, ParameterRole.NormalizationScale, ParameterRole.NormalizationShift];
            _decay = value ? _decay.IncludingRoles(extra) : _decay.WithRoles([.. _decay.Roles.Except(extra)]);
        }
    }

    /// <summary>
    /// When true (default), <see cref="Step"/> zeroes each gradient after using it — frozen parameters' gradients too,
    /// so a parameter unfrozen later starts from a fresh gradient.
    /// </summary>
    public bool ZeroGradientsAfterStep { get; set; } = true;

    /// <summary>Number of steps taken so far (t in the formulas counts from 1 at the first step).</summary>
    public long Iterations { get; private set; }

    /// <summary>Number of state buffers the update rule keeps per parameter (e.g. 2 for Adam's moments).</summary>
    protected abstract int StateSlots { get; }

    /// <summary>Applies one update to every trainable parameter.</summary>
    /// <param name="parameters">The parameters, e.g. <c>model.Parameters</c>.</param>
    /// <exception cref="ArgumentNullException"><paramref name="parameters"/> is null.</exception>
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
                // Frozen: value untouched, but its gradient is dropped like any other, so that unfreezing it later
                // does not apply the gradient accumulated over every frozen step at once.
                if (ZeroGradientsAfterStep)
                {
                    p.ZeroGradient();
                }

                continue;
            }

            bool applyDecay = _decay.Rate > 0 && _decay.AppliesTo(p.Name, p.Role);
            if (_sliceable)
            {
                // Decay, rule and zeroing in one pass over each chunk, on the kernel pool for large parameters.
                _updateJob.Run(this, p, StateOf(p), lr, Iterations, applyDecay, decay, ZeroGradientsAfterStep);
                p.Constraint?.Apply(p.Value.Span, p.Value.Rows, p.Value.Columns);
                continue;
            }

            if (applyDecay)
            {
                TensorPrimitives.Multiply(p.Value.Span, decay, p.Value.Span);
            }

            Update(p.Value.Span, p.Gradient.Span, StateOf(p), lr, Iterations);
            p.Constraint?.Apply(p.Value.Span, p.Value.Rows, p.Value.Columns);
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

    /// <summary>
    /// The update rule of a built-in (element-wise) optimizer on elements [<paramref name="offset"/>,
    /// <paramref name="offset"/> + <paramref name="value"/>.Length) of one parameter: <paramref name="value"/> and
    /// <paramref name="gradient"/> are that slice, <paramref name="state"/> the whole per-parameter state.
    /// </summary>
    /// <exception cref="NotSupportedException">The optimizer is not one of the library's (it only implements <see cref="Update"/>).</exception>
    internal virtual void UpdateSlice(Span<T> value, ReadOnlySpan<T> gradient, T[][] state, int offset, T learningRate, long step)
        => throw new NotSupportedException($"{GetType().Name} updates whole parameters only.");

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

    /// <remarks>Only trainable parameters take part: a frozen parameter's gradient neither counts towards the global norm nor is changed.</remarks>
    private void ClipGradients(IReadOnlyList<Parameter<T>> parameters)
    {
        if (ClipValue is double cv)
        {
            T limit = T.CreateTruncating(cv);
            foreach (var p in parameters)
            {
                if (!p.Trainable)
                {
                    continue;
                }

                TensorPrimitives.Clamp(p.Gradient.Span, -limit, limit, p.Gradient.Span);
            }
        }

        if (ClipNorm is double cn)
        {
            double sumSquares = 0;
            foreach (var p in parameters)
            {
                if (!p.Trainable)
                {
                    continue;
                }

                sumSquares += double.CreateTruncating(TensorPrimitives.SumOfSquares<T>(p.Gradient.Span));
            }

            double norm = Math.Sqrt(sumSquares);
            if (norm > cn)
            {
                T scale = T.CreateTruncating(cn / norm);
                foreach (var p in parameters)
                {
                    if (!p.Trainable)
                    {
                        continue;
                    }

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
