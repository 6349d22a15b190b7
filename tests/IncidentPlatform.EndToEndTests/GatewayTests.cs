using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using IncidentPlatform.Contracts;

namespace IncidentPlatform.EndToEndTests;

public sealed class GatewayTests(PlatformFixture platform)
{
    [Theory]
    [InlineData("/api/incidents")]
    [InlineData("/api/reviews")]
    [InlineData("/api/action-items")]
    [InlineData("/api/notifications")]
    public async Task The_gateway_refuses_requests_without_a_valid_token(string path)
    {
        var anonymous = platform.App.CreateHttpClient(ResourceNames.Gateway);
        var forged = platform.App.CreateHttpClient(ResourceNames.Gateway);
        forged.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "eyJhbGciOiJub25lIn0.eyJ0aWQiOiJ4In0.");

        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync(path)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await forged.GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task Services_refuse_a_bare_request_that_bypasses_the_gateway()
    {
        using var direct = platform.App.CreateHttpClient(ResourceNames.IncidentsApi);

        Assert.Equal(HttpStatusCode.Unauthorized, (await direct.GetAsync("/api/incidents")).StatusCode);
    }

    [Theory]
    [InlineData("incidents", "/api/incidents")]
    [InlineData("reviews", "/api/reviews")]
    [InlineData("actions", "/api/action-items")]
    [InlineData("notifications", "/api/notifications")]
    public async Task Each_services_OpenAPI_document_is_reachable_through_the_gateway(string service, string path)
    {
        var anonymous = platform.App.CreateHttpClient(ResourceNames.Gateway);

        var document = await anonymous.GetFromJsonAsync<JsonElement>($"/openapi/{service}.json");

        Assert.True(document.GetProperty("paths").TryGetProperty(path, out _));
    }

    [Fact]
    public async Task The_gateway_reports_health_and_serves_the_API_reference()
    {
        var anonymous = platform.App.CreateHttpClient(ResourceNames.Gateway);

        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/health")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/alive")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync("/docs")).StatusCode);
    }

    [Theory]
    [InlineData("incidents", null)] // consumes nothing yet
    [InlineData("reviews", "reviews-incident-resolved_error")]
    [InlineData("actions", "actions-review-created_error")]
    [InlineData("notifications", "notifications-review-created_error")]
    public async Task Operators_reach_each_services_error_queues_through_the_gateway_and_organizations_do_not(string service, string? expected)
    {
        var operations = platform.App.CreateHttpClient(ResourceNames.Gateway);
        operations.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", platform.App.Identity.MintOperatorToken());

        var queues = await operations.GetFromJsonAsync<JsonElement>($"/operations/{service}/error-queues");
        var orgUser = await platform.GatewayClient().GetAsync($"/operations/{service}/error-queues");

        Assert.All(queues.EnumerateArray(), queue => Assert.StartsWith(service + "-", queue.GetProperty("queue").GetString()));
        if (expected is not null)
        {
            Assert.Contains(expected, queues.EnumerateArray().Select(queue => queue.GetProperty("queue").GetString()));
        }

        Assert.Equal(HttpStatusCode.Forbidden, orgUser.StatusCode);
    }
}
