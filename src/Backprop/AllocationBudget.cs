namespace Backprop;

/// <summary>
/// A per-thread cap on the parameter elements that may be created, set while a model file is loaded: the file's
/// tensor table (already checked against the bytes really present) says how many elements the model holds, so a
/// corrupt or hostile architecture (a layer of a billion units) fails with a message before it allocates anything
/// large, whatever layer type it names.
/// </summary>
internal static class AllocationBudget
{
    [ThreadStatic]
    private static long t_remaining;

    [ThreadStatic]
    private static bool t_active;

    /// <summary>Caps parameter creation on this thread at <paramref name="elements"/> until the scope is disposed.</summary>
    public static Scope Limit(long elements)
    {
        var scope = new Scope(t_active, t_remaining);
        t_active = true;
        t_remaining = elements;
        return scope;
    }

    /// <summary>Takes <paramref name="elements"/> from the budget, or throws when it would run out.</summary>
    /// <exception cref="InvalidDataException">The model being loaded would hold more elements than its file does.</exception>
    public static void Take(long elements, string what)
    {
        if (!t_active)
        {
            return;
        }

        if (elements < 0 || elements > t_remaining)
        {
            throw new InvalidDataException(
                $"Not a valid Backprop model file: the architecture asks for {what} of {elements} elements, more than the file's tensors hold ({t_remaining} left).");
        }

        t_remaining -= elements;
    }

    /// <summary>Restores the previous budget.</summary>
    internal readonly struct Scope(bool wasActive, long remaining) : IDisposable
    {
        public void Dispose()
        {
            t_active = wasActive;
            t_remaining = remaining;
        }
    }
}
