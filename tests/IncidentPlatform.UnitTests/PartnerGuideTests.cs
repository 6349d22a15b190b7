using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;
using IncidentPlatform.Notifications.Domain.Webhooks;
using Partner.Webhooks;

namespace IncidentPlatform.UnitTests;

/// <summary>
/// docs/partner-events.md, the partner guide, against the code: its event schemas are the ones serialized, and its
/// signature verifiers (C# and Python, the ones partners copy) accept exactly the deliveries the platform signs.
/// </summary>
public sealed class PartnerGuideTests
{
    private const string Start = "<!-- catalogue:start -->\n";
    private const string End = "<!-- catalogue:end -->";

    /// <summary>The schemas in docs/partner-events.md are the ones the code serializes. Run with UPDATE_DOCS=1 to regenerate them.</summary>
    [Fact]
    public void The_partner_guide_shows_the_current_event_schemas()
    {
        var path = Path.Combine(RepositoryRoot(), "docs", "partner-events.md");
        var text = File.ReadAllText(path).ReplaceLineEndings("\n");
        var (from, to) = (text.IndexOf(Start, StringComparison.Ordinal) + Start.Length, text.IndexOf(End, StringComparison.Ordinal));
        var expected = PartnerEventSchemas.CatalogueMarkdown();

        if (Environment.GetEnvironmentVariable("UPDATE_DOCS") == "1")
        {
            File.WriteAllText(path, text[..from] + expected + text[to..]);
            return;
        }

        Assert.True(text[from..to] == expected, "docs/partner-events.md is out of date: run the unit tests once with UPDATE_DOCS=1.");
    }

    [Fact]
    public void The_guides_CSharp_verifier_is_the_example_these_tests_compile()
    {
        var example = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "examples", "IncidentPlatformWebhooks.cs")).ReplaceLineEndings("\n");

        Assert.Equal(example, CodeBlock("### Verify in C#", "csharp"));
    }

    [Fact]
    public void The_guides_CSharp_verifier_accepts_exactly_the_authentic_fresh_deliveries()
    {
        foreach (var check in VerificationCases())
        {
            Assert.True(
                check.Authentic == IncidentPlatformWebhooks.IsAuthentic(check.Secret, check.Id, check.Timestamp, check.Signatures, check.Body),
                $"{check.Name}: expected {(check.Authentic ? "authentic" : "refused")}");
        }
    }

    [Fact]
    public async Task The_guides_Python_verifier_accepts_exactly_the_authentic_fresh_deliveries()
    {
        var cases = VerificationCases();
        var driver = """

            import json, sys
            for case in json.load(sys.stdin):
                print(is_authentic(case["Secret"], case["Id"], case["Timestamp"], case["Signatures"], case["Body"].encode("utf-8")))
            """;
        var start = new ProcessStartInfo("python3") { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(CodeBlock("### Verify in Python", "python") + driver);
        using var python = StartOrExplain(start);
        await python.StandardInput.WriteAsync(JsonSerializer.Serialize(cases));
        python.StandardInput.Close();
        var output = await python.StandardOutput.ReadToEndAsync();
        var errors = await python.StandardError.ReadToEndAsync();
        await python.WaitForExitAsync();

        Assert.True(python.ExitCode == 0, $"python3 failed: {errors}");
        var answers = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(cases.Count, answers.Length);
        for (var i = 0; i < cases.Count; i++)
        {
            Assert.True(answers[i] == (cases[i].Authentic ? "True" : "False"), $"{cases[i].Name}: Python said {answers[i]}");
        }
    }

    public sealed record VerificationCase(string Name, string Secret, string Id, string Timestamp, string Signatures, string Body, bool Authentic);

    /// <summary>Deliveries signed by the platform's own signer, as they arrive, and tampered with in each way a verifier must catch.</summary>
    private static List<VerificationCase> VerificationCases()
    {
        var secret = StandardWebhooks.NewSecret();
        var other = StandardWebhooks.NewSecret();
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var stale = now - 360;
        const string id = "msg_0193a1f2c4e87b6d9a0f3e2d1c0b4a59";
        const string body = """{"specversion":"1.0","type":"com.incidentplatform.review.published.v1","data":{"title":"Checkout — 302 failed ☕"}}""";
        string Sign(string key, long timestamp, string text) => StandardWebhooks.Sign(key, id, timestamp, text);
        var signature = Sign(secret, now, body);
        return
        [
            new("signed just now", secret, id, $"{now}", signature, body, true),
            new("two signatures during a rotation, the right one second", secret, id, $"{now}", $"{Sign(other, now, body)} {signature}", body, true),
            new("signed with another secret", secret, id, $"{now}", Sign(other, now, body), body, false),
            new("the body changed", secret, id, $"{now}", signature, body.Replace("302", "303", StringComparison.Ordinal), false),
            new("the id changed", secret, "msg_other", $"{now}", signature, body, false),
            new("six minutes old, signed then", secret, id, $"{stale}", Sign(secret, stale, body), body, false),
            new("an unknown signature version", secret, id, $"{now}", "v2," + signature[3..], body, false),
            new("a signature that is not base64", secret, id, $"{now}", "v1,not*base64!", body, false),
            new("a signature of the wrong length", secret, id, $"{now}", "v1,AAAA", body, false),
            new("a timestamp that is not a number", secret, id, "yesterday", signature, body, false),
        ];
    }

    /// <summary>The fenced block of <paramref name="language"/> that follows <paramref name="heading"/> in the guide.</summary>
    private static string CodeBlock(string heading, string language)
    {
        var text = File.ReadAllText(Path.Combine(RepositoryRoot(), "docs", "partner-events.md")).ReplaceLineEndings("\n");
        var fence = $"```{language}\n";
        var from = text.IndexOf(fence, text.IndexOf(heading, StringComparison.Ordinal), StringComparison.Ordinal) + fence.Length;
        return text[from..text.IndexOf("```\n", from, StringComparison.Ordinal)];
    }

    private static Process StartOrExplain(ProcessStartInfo start)
    {
        try
        {
            return Process.Start(start)!;
        }
        catch (Win32Exception exception)
        {
            throw new InvalidOperationException("python3 is needed to check the guide's Python verifier (scripts/install-prerequisites.sh installs it).", exception);
        }
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "IncidentPlatform.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("IncidentPlatform.sln not found above the test's directory.");
    }
}
