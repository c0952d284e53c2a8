using System.Numerics;
using System.Numerics.Tensors;
using Backprop.Layers;

namespace Backprop.Optimizers;

/// <summary>
/// Updates parameters from their gradients. <see cref="Step"/> does, in order: count the iteration;
/// clip gradients by value, then by global norm; then, for each trainable parameter, apply decoupled weight decay
/// <c>w ← w − lr·wd·w</c> if the <see cref="Decay"/> policy selects it (rate 0 by default; once a rate is set, kernels
/// and <see cref="ParameterRole.Other"/> parameters by default, not biases or normalization parameters), apply the
/// subclass's update rule (<see cref="Update"/>), apply the parameter's <see cref="Parameter{T}.Constraint"/> and zero
/// the gradient. State (moments, accumulators) is kept per parameter.
/// </summary>
/// <remarks>
/// <para>A subclass supplies the rule: <see cref="StateSlots"/>, <see cref="Update"/> and, optionally,
/// <see cref="InitializeState"/>. <see cref="Update"/> receives a <see cref="ParameterSlice{T}"/>: by default the whole
/// parameter, in one call on the thread that called <see cref="Step"/>, so any rule is correct (one that needs the
/// parameter's norm, say). A rule that is element-wise overrides <see cref="IsElementwise"/> to return true, as every
/// built-in optimizer does: <see cref="Step"/> then updates large parameters in fixed chunks, on several threads, each
/// chunk's decay, rule and gradient zeroing in one pass while it is in cache — with the same bits as whole-parameter
/// updates, whatever the thread count.</para>
/// <para>Thread safety: keeps per-parameter state (moments, step count) for one training loop at a time, and the
/// weights it updates must not be read meanwhile — <c>Fit</c> refuses to overlap Predict for that reason. <c>Step</c>
/// spreads its own work over the kernel threads.</para>
/// </remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public abstract class Optimizer<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    /// <summary>The Fit using this optimizer, if any (two concurrent Fits may not share one).</summary>
    internal ExclusiveUse Use { get; } = new();

    private readonly Dictionary<Parameter<T>, T[][]> _state = new(ReferenceEqualityComparer.Instance);
    private double _learningRate;
    private double? _clipNorm;
    private double? _clipValue;
    private DecoupledWeightDecay _decay = DecoupledWeightDecay.None;
    private readonly ParameterUpdateJob<T> _updateJob = new();

    /// <summary>Initialises the optimizer.</summary>
    /// <param name="learningRate">The step size (finite, ≥ 0).</param>
    /// <exception cref="NotSupportedException"><typeparamref name="T"/> is neither float nor double.</exception>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="learningRate"/> is negative, NaN or ∞.</exception>
    protected Optimizer(double learningRate)
    {
        Numeric<T>.EnsureSupported();
        LearningRate = learningRate;
    }

    /// <summary>The step size; may be changed between steps (schedules, callbacks).</summary>
    /// <exception cref="ArgumentOutOfRangeException">Set to a negative, NaN or ∞ value.</exception>
    public double LearningRate
    {
        get => _learningRate;
        set => _learningRate = Guard.NonNegative(value, nameof(LearningRate));
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
    /// Decoupled weight decay: its rate wd and which parameters it applies to (see <see cref="DecoupledWeightDecay"/>:
    /// by default kernels and parameters of role <see cref="ParameterRole.Other"/>; biases and normalization scales and
    /// shifts are excluded). Default: <see cref="DecoupledWeightDecay.None"/> (rate 0), whose roles are those defaults,
    /// so that setting <see cref="WeightDecay"/> alone decays kernels and <see cref="ParameterRole.Other"/> parameters.
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
    /// Shorthand: true when the <see cref="Decay"/> policy's roles include <see cref="ParameterRole.Bias"/>. Setting it
    /// to true adds <see cref="ParameterRole.Bias"/>, <see cref="ParameterRole.NormalizationScale"/> and
    /// <see cref="ParameterRole.NormalizationShift"/> to the roles; false removes those three. Default false.
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

    /// <summary>
    /// Whether the update rule is element-wise: each element's new value and state depend only on that element's value,
    /// gradient and state (and on the learning rate and step), never on other elements — so that splitting a parameter
    /// cannot change the result. True for every built-in optimizer; false by default.
    /// </summary>
    /// <remarks>
    /// <para>When true, <see cref="Step"/> splits each parameter into fixed chunks (a parameter smaller than a chunk is
    /// one chunk) and updates them on the kernel threads (up to <see cref="BackpropSettings.MaxThreads"/>):
    /// <see cref="Update"/> is called once per chunk, possibly on several threads at once, and must then read and write
    /// only the slice it is given. The chunks are fixed by the parameter's length alone, so results are bit-identical
    /// for any thread count.</para>
    /// <para>When false, <see cref="Update"/> receives each whole parameter in one call, on the thread that called
    /// <see cref="Step"/>. Override to return true only for a rule that is element-wise.</para>
    /// </remarks>
    public virtual bool IsElementwise => false;

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
        bool elementwise = IsElementwise;
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
            if (elementwise)
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

            Update(new ParameterSlice<T>(p, StateOf(p), 0, p.Length, lr, Iterations));
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

    /// <summary>Number of state buffers per parameter (<see cref="StateSlots"/>), for checkpoints.</summary>
    internal int StateSlotCount => StateSlots;

    /// <summary>
    /// The state buffers of <paramref name="parameter"/> (one per slot, each as long as the parameter), or null when
    /// no step has touched it yet — what a checkpoint saves, keyed by the parameter's name.
    /// </summary>
    internal T[][]? StateOrNull(Parameter<T> parameter) => _state.GetValueOrDefault(parameter);

    /// <summary>
    /// Replaces all optimizer state with a checkpoint's: the step count, the learning rate and, per parameter, its
    /// state buffers (copied; parameters without saved state start fresh at their first step, as they would have).
    /// </summary>
    /// <param name="iterations">Steps taken.</param>
    /// <param name="learningRate">The learning rate.</param>
    /// <param name="state">State buffers per parameter, <see cref="StateSlots"/> of the parameter's length each.</param>
    internal void RestoreState(long iterations, double learningRate, IEnumerable<KeyValuePair<Parameter<T>, T[][]>> state)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(iterations);
        LearningRate = learningRate;
        _state.Clear();
        foreach (var (parameter, slots) in state)
        {
            if (slots.Length != StateSlots || Array.Exists(slots, s => s.Length != parameter.Length))
            {
                throw new ArgumentException($"The state of '{parameter.Name}' has {slots.Length} slots; {GetType().Name} keeps {StateSlots} of {parameter.Length} values.", nameof(state));
            }

            _state.Add(parameter, [.. slots.Select(s => (T[])s.Clone())]);
        }

        Iterations = iterations;
    }

    /// <summary>
    /// The update rule: updates <paramref name="slice"/>'s values (and its state) in place from its gradient. The slice
    /// is the whole parameter unless <see cref="IsElementwise"/> is true, in which case it is one chunk of it.
    /// </summary>
    /// <param name="slice">
    /// The elements to update: values (already decayed), clipped gradient, state buffers, learning rate and step.
    /// </param>
    protected abstract void Update(ParameterSlice<T> slice);

    /// <summary>Runs the rule on one chunk (for <see cref="ParameterUpdateJob{T}"/>).</summary>
    internal void UpdateChunk(ParameterSlice<T> slice) => Update(slice);

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

    private static double? CheckPositive(double? value, string name) => value is double v ? Guard.Positive(v, name) : null;
}
