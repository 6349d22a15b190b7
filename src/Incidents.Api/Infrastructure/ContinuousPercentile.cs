namespace IncidentPlatform.Incidents.Infrastructure;

/// <summary>
/// PostgreSQL's <c>percentile_cont</c>: the value at position fraction × (n − 1) of the sorted values, interpolated
/// linearly between its two neighbours. Found by selection in linear time, not by sorting.
/// </summary>
public static class ContinuousPercentile
{
    /// <param name="values">Reordered in place.</param>
    public static double Of(Span<double> values, double fraction) => Of(values, fraction, fraction).Low;

    /// <summary>Two percentiles of the same values; the lower one is selected among what the higher one left below it.</summary>
    /// <param name="values">Reordered in place.</param>
    public static (double Low, double High) Of(Span<double> values, double lowFraction, double highFraction)
    {
        ArgumentOutOfRangeException.ThrowIfZero(values.Length);
        ArgumentOutOfRangeException.ThrowIfLessThan(lowFraction, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(highFraction, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(lowFraction, highFraction);
        var highPosition = highFraction * (values.Length - 1);
        var highBelow = (int)Math.Floor(highPosition);
        var highLower = Select(values, highBelow);
        // After selection every value right of an index is at least the value there: the next one up is their minimum.
        var highUpper = highBelow + 1 < values.Length ? Min(values[(highBelow + 1)..]) : highLower;
        var high = Interpolate(highLower, highUpper, highPosition - highBelow);

        var lowPosition = lowFraction * (values.Length - 1);
        var lowBelow = (int)Math.Floor(lowPosition);
        var smallest = values[..(highBelow + 1)];
        var lowLower = Select(smallest, lowBelow);
        var lowUpper = lowBelow < highBelow ? Min(smallest[(lowBelow + 1)..]) : highUpper;
        return (Interpolate(lowLower, lowUpper, lowPosition - lowBelow), high);
    }

    private static double Interpolate(double lower, double upper, double share) => share == 0 ? lower : lower + (share * (upper - lower));

    private static double Min(ReadOnlySpan<double> values)
    {
        var min = double.PositiveInfinity;
        foreach (var value in values)
        {
            min = Math.Min(min, value);
        }

        return min;
    }

    /// <summary>Puts the k-th smallest value at index k, smaller ones before it and larger ones after (Hoare's selection).</summary>
    private static double Select(Span<double> values, int k)
    {
        var (left, right) = (0, values.Length - 1);
        while (left < right)
        {
            var pivot = MedianOfThree(values[left], values[left + ((right - left) / 2)], values[right]);
            var (i, j) = (left, right);
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                right = j;
            }
            else if (k >= i)
            {
                left = i;
            }
            else
            {
                break;
            }
        }

        return values[k];
    }

    private static double MedianOfThree(double a, double b, double c) =>
        Math.Max(Math.Min(a, b), Math.Min(Math.Max(a, b), c));
}
