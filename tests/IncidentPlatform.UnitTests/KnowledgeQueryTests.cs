using IncidentPlatform.Contracts;
using IncidentPlatform.Reviews.Domain.Knowledge;
using IncidentPlatform.ServiceDefaults.Http;

namespace IncidentPlatform.UnitTests;

public sealed class KnowledgeQueryTests
{
    [Fact]
    public void A_search_reads_its_words_filters_dates_and_page()
    {
        var query = KnowledgeQuery.Parse("  \"connection pool\" -staging ", " checkout-api ", "P2", "payments", "tools", "2024-01-01", "2024-06-01T12:00:00+02:00", 10, 20);

        Assert.Equal("\"connection pool\" -staging", query.Text);
        Assert.Equal("checkout-api", query.Service);
        Assert.Equal(Severity.Sev2, query.Severity);
        Assert.Equal("payments", query.Tag);
        Assert.Equal("tools", query.FactorCategory);
        Assert.Equal(DateTimeOffset.Parse("2024-01-01T00:00:00Z"), query.From);
        Assert.Equal(DateTimeOffset.Parse("2024-06-01T10:00:00Z"), query.To);
        Assert.Equal((10, 20), (query.Limit, query.Offset));
    }

    [Fact]
    public void Blank_words_and_filters_mean_no_filter_and_the_first_twenty()
    {
        var query = KnowledgeQuery.Parse(" ", "", null, " ", null, null, null, null, null);

        Assert.Equal(new KnowledgeQuery(null, null, null, null, null, null, null, 20, 0), query);
    }

    [Fact]
    public void Every_bad_field_is_named_at_once()
    {
        var error = Assert.Throws<ValidationException>(() =>
            KnowledgeQuery.Parse(new string('w', 501), null, "SEV0", null, "blame", "2024-13-01", "2024-05-01T10:00:00", 51, -1));

        Assert.Equal(["factorCategory", "from", "limit", "offset", "q", "severity", "to"], error.Errors.Keys.Order());
    }

    [Fact]
    public void A_search_with_words_pages_within_its_ranked_results_and_browsing_pages_further()
    {
        var lastPage = KnowledgeQuery.Parse("pool", null, null, null, null, null, null, 50, KnowledgeQuery.MaxRankedResults - 50);
        var error = Assert.Throws<ValidationException>(() =>
            KnowledgeQuery.Parse("pool", null, null, null, null, null, null, null, KnowledgeQuery.MaxRankedResults - 19));
        var browsing = KnowledgeQuery.Parse(null, "payments", null, null, null, null, null, 50, KnowledgeQuery.MaxOffset);

        Assert.Equal(KnowledgeQuery.MaxRankedResults - 50, lastPage.Offset);
        Assert.Equal(["offset"], error.Errors.Keys);
        Assert.Equal(KnowledgeQuery.MaxOffset, browsing.Offset);
        var badLimit = Assert.Throws<ValidationException>(() => KnowledgeQuery.Parse("pool", null, null, null, null, null, null, 100, 450));
        Assert.Equal(["limit"], badLimit.Errors.Keys);
    }

    [Fact]
    public void The_end_of_the_range_cannot_come_before_its_start()
    {
        var error = Assert.Throws<ValidationException>(() => KnowledgeQuery.Parse(null, null, null, null, null, "2024-05-02", "2024-05-01", null, null));

        Assert.Equal(["to"], error.Errors.Keys);
    }

    [Fact]
    public void Highlights_escape_the_text_and_mark_only_what_PostgreSQL_marked()
    {
        var html = SearchHighlight.ToHtml("pool < 20 & <b>bold</b> \u0002pool\u0003 \"x\"");

        Assert.Equal("pool &lt; 20 &amp; &lt;b&gt;bold&lt;/b&gt; <mark>pool</mark> &quot;x&quot;", html);
    }

    [Fact]
    public void Excerpts_keep_the_fragments_that_matched()
    {
        var fragments = SearchHighlight.Fragments("first \u0002hit\u0003\u0004 nothing here \u0004 second \u0002hit\u0003 ");

        Assert.Equal(["first <mark>hit</mark>", "second <mark>hit</mark>"], fragments);
    }
}
