using System.Numerics;
using Backprop.Layers;

namespace Backprop.Optimizers;

/// <summary>
/// What an optimizer's update rule (<see cref="Optimizer{T}.Update"/>) works on: a run of consecutive elements of one
/// parameter — its values, gradient and state — with the step's learning rate and number.
/// </summary>
/// <remarks>
/// <para>For a rule that is not element-wise (<see cref="Optimizer{T}.IsElementwise"/> false, the default) the slice is
/// always the whole parameter: <see cref="Offset"/> is 0 and <see cref="Length"/> is the parameter's length. For an
/// element-wise rule it may be any chunk, and other chunks of the same parameter may be updated at the same time on
/// other threads: such a rule reads and writes only <see cref="Value"/>, <see cref="Gradient"/> and
/// <see cref="State"/>, which cover exactly this slice.</para>
/// <para>A stack-only view: it cannot be stored, and creating one allocates nothing.</para>
/// <para>Thread safety: one chunk of one parameter, handed to one update call: <c>Step</c> gives each chunk to one
/// kernel thread, so a rule sees its slice alone (and must write only that slice's values and state).</para>
/// </remarks>
/// <typeparam name="T">The element type: <see cref="float"/> or <see cref="double"/>.</typeparam>
public readonly ref struct ParameterSlice<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly T[][] _state;

    internal ParameterSlice(Parameter<T> parameter, T[][] state, int offset, int length, T learningRate, long step)
    {
        Parameter = parameter;
        _state = state;
        Offset = offset;
        Value = parameter.Value.Span.Slice(offset, length);
        Gradient = parameter.Gradient.Span.Slice(offset, length);
        LearningRate = learningRate;
        Step = step;
    }

    /// <summary>The slice's values, to be updated in place (decoupled weight decay has already been applied).</summary>
    public Span<T> Value { get; }

    /// <summary>The slice's gradient, already clipped; the optimizer zeroes it after the rule has run.</summary>
    public ReadOnlySpan<T> Gradient { get; }

    /// <summary>Index of the slice's first element within the parameter (0 for a whole parameter).</summary>
    public int Offset { get; }

    /// <summary>Number of elements in the slice.</summary>
    public int Length => Value.Length;

    /// <summary>True when the slice is the whole parameter.</summary>
    public bool IsWholeParameter => Offset == 0 && Value.Length == Parameter.Length;

    /// <summary>
    /// The parameter the slice belongs to (its name, role and shape). An element-wise rule must not touch its values,
    /// gradient or state outside this slice.
    /// </summary>
    public Parameter<T> Parameter { get; }

    /// <summary>The learning rate of this step.</summary>
    public T LearningRate { get; }

    /// <summary>The step number t, counting from 1 at the first step.</summary>
    public long Step { get; }

    /// <summary>Number of state buffers the optimizer keeps per parameter (its <c>StateSlots</c>).</summary>
    public int StateSlots => _state.Length;

    /// <summary>The slice's elements of one state buffer (zero-initialised at first use unless the optimizer initialises it otherwise).</summary>
    /// <param name="slot">The buffer, from 0 to <see cref="StateSlots"/> − 1.</param>
    /// <returns>The same elements of that buffer as <see cref="Value"/> covers of the values.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="slot"/> is outside [0, <see cref="StateSlots"/>).</exception>
    public Span<T> State(int slot)
    {
        if ((uint)slot >= (uint)_state.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(slot), slot, $"The optimizer keeps {_state.Length} state buffer(s) per parameter.");
        }

        return _state[slot].AsSpan(Offset, Value.Length);
    }
}
