package io.tradingcore.engine;

/** Recycles order objects so that steady-state order flow allocates nothing. */
final class OrderPool
{
    private Order[] free;
    private int size;

    OrderPool(final int initialCapacity)
    {
        free = new Order[initialCapacity];
        for (int i = 0; i < initialCapacity; i++)
        {
            free[size++] = new Order();
        }
    }

    Order acquire()
    {
        return size == 0 ? new Order() : free[--size];
    }

    void release(final Order order)
    {
        order.reset();
        if (size == free.length)
        {
            free = java.util.Arrays.copyOf(free, size * 2);
        }
        free[size++] = order;
    }
}
