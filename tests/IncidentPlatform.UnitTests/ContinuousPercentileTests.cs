using IncidentPlatform.Incidents.Infrastructure;

namespace IncidentPlatform.UnitTests;

public sealed class ContinuousPercentileTests
{
    [Theory]
    [InlineData(new[] { 2.0, 4, 12 }, 0.5, 4.0)]
    [InlineData(new[] { 12.0, 2, 4 }, 0.9, 10.4)]
    [InlineData(new[] { 30.0, 20, 70 }, 0.9, 62.0)]
    [InlineData(new[] { 7.0 }, 0.5, 7.0)]
    [InlineData(new[] { 5.0, 5, 5, 1 }, 0.5, 5.0)]
    [InlineData(new[] { 1.0, 2, 3, 4 }, 0.5, 2.5)]
    [InlineData(new[] { 1.0, 2, 3, 4 }, 1.0, 4.0)]
    [InlineData(new[] { 1.0, 2, 3, 4 }, 0.0, 1.0)]
    public void Interpolates_between_the_two_nearest_values_as_percentile_cont_does(double[] values, double fraction, double expected) =>
        Assert.Equal(expected, ContinuousPercentile.Of(values, fraction), 9);

    [Fact]
    public void Agrees_with_sorting_on_many_values_with_repeats_and_in_any_order()
    {
        var random = new Random(42);
        foreach (var size in new[] { 2, 3, 10, 101, 1000, 10_000 })
        {
            var values = Enumerable.Range(0, size).Select(_ => (double)random.Next(0, size / 2 + 1)).ToArray();
            foreach (var order in new[] { values, [.. values.Order()], [.. values.OrderDescending()] })
            {
                var sorted = order.Order().ToArray();
                foreach (var fraction in new[] { 0.0, 0.1, 0.5, 0.9, 0.99, 1.0 })
                {
                    var position = fraction * (size - 1);
                    var below = (int)Math.Floor(position);
                    var expected = sorted[below] + ((position - below) * (sorted[Math.Min(below + 1, size - 1)] - sorted[below]));
                    Assert.Equal(expected, ContinuousPercentile.Of([.. order], fraction), 9);
                    Assert.Equal(expected, ContinuousPercentile.Of([.. order], fraction, 1.0).Low, 9);
                    Assert.Equal(expected, ContinuousPercentile.Of([.. order], 0.0, fraction).High, 9);
                }
            }
        }
    }
}
