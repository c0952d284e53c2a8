namespace Backprop;

/// <summary>
/// A small lock-free pool of reusable scratch objects: <see cref="Rent"/> takes a pooled object or creates one,
/// <see cref="Return"/> puts it back, or drops it when every slot is full. Neither call blocks or allocates once the
/// pool is warm, so a steady stream of calls from any number of threads reuses the same few objects.
/// </summary>
/// <remarks>Thread safety: every member may be called from many threads at once; an object belongs to its renter
/// until it is returned.</remarks>
/// <typeparam name="TItem">The pooled object type.</typeparam>
internal sealed class ScratchPool<TItem> where TItem : class
{
    private readonly TItem?[] _slots;
    private readonly Func<TItem> _create;

    /// <summary>Creates an empty pool.</summary>
    /// <param name="create">Makes a new object when the pool has none to lend.</param>
    /// <param name="capacity">The most objects kept while nobody uses them.</param>
    public ScratchPool(Func<TItem> create, int capacity)
    {
        _create = create;
        _slots = new TItem?[Math.Max(1, capacity)];
    }

    /// <summary>
    /// A default capacity: 16, or four per core on larger machines. Twice the callers one expects at once: a renter that
    /// scans while the last free object is being put back into a slot it has passed creates one more, and a pool with
    /// spare slots keeps that one instead of dropping another later — so 8 callers on 2 cores settle with no churn.
    /// </summary>
    public static int DefaultCapacity => Math.Max(16, 4 * Environment.ProcessorCount);

    /// <summary>Takes an object from the pool, or creates one when every pooled object is lent out.</summary>
    /// <returns>An object only the caller uses until it calls <see cref="Return"/>.</returns>
    public TItem Rent()
    {
        var slots = _slots;
        for (int i = 0; i < slots.Length; i++)
        {
            var item = Volatile.Read(ref slots[i]);
            if (item is not null && Interlocked.CompareExchange(ref slots[i], null, item) == item)
            {
                return item;
            }
        }

        return _create();
    }

    /// <summary>Gives an object back; it is dropped (left to the GC) when the pool is full.</summary>
    /// <param name="item">An object from <see cref="Rent"/> that the caller no longer uses.</param>
    public void Return(TItem item)
    {
        var slots = _slots;
        for (int i = 0; i < slots.Length; i++)
        {
            if (Volatile.Read(ref slots[i]) is null && Interlocked.CompareExchange(ref slots[i], item, null) is null)
            {
                return;
            }
        }
    }
}
