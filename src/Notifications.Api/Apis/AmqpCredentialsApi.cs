using System.Security.Claims;
using IncidentPlatform.Contracts;
using IncidentPlatform.Notifications.Domain.PartnerAmqp;
using IncidentPlatform.Notifications.Infrastructure;
using IncidentPlatform.Notifications.Infrastructure.PartnerAmqp;
using IncidentPlatform.ServiceDefaults.Http;
using IncidentPlatform.ServiceDefaults.Identity;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace IncidentPlatform.Notifications.Apis;

/// <summary>
/// An org's AMQP credentials for partner systems: each is a broker user that can bind its own queues to the
/// partner exchange for the org's events only. A new user is created on the broker before its row is saved (and
/// removed again if the save fails); a deleted one is removed from the broker before its row, so a failure leaves
/// the row to delete again, never a broker user nobody can see.
/// </summary>
public static class AmqpCredentialsApi
{
    public static RouteGroupBuilder MapAmqpCredentialsApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/amqp-credentials").WithTags("Partner AMQP");
        api.MapPost("/", CreateCredential)
            .WithSummary("Create a partner's login to the partner exchange. The answer carries its password, shown this once.")
            .WithRequestExample("A partner's status-page integration", new { description = "Status page (Acme)" });
        api.MapGet("/", ListCredentials).WithSummary("The org's AMQP credentials, newest first (never a password).");
        api.MapGet("/{id:guid}", GetCredential).WithSummary("One credential, with how to connect and bind (never its password).");
        api.MapPost("/{id:guid}/password", ReplacePassword)
            .WithSummary("Replace the password, shown this once; the old one stops working at once (open connections stay open).");
        api.MapDelete("/{id:guid}", DeleteCredential).WithSummary("Remove the broker user; its connections are closed and its queues stay until it deletes them or they expire.");
        return api;
    }

    public static async Task<Created<AmqpCredentialWithPasswordResponse>> CreateCredential(
        AmqpCredentialRequest? request, NotificationsDbContext db, OrgContext org, ClaimsPrincipal user, PartnerEventsExchange exchange,
        TimeProvider clock, ILoggerFactory loggers, CancellationToken cancellationToken)
    {
        var (credential, password) = AmqpCredential.Create(org.OrgId, request?.Description, user.GetPerson(), clock.GetUtcNow());
        if (await db.AmqpCredentials.CountAsync(cancellationToken) >= AmqpCredential.MaxPerOrg)
        {
            throw new ConflictException($"The organization already has {AmqpCredential.MaxPerOrg} AMQP credentials, the most it may hold; delete one it no longer uses.");
        }

        await exchange.EnsureReadyAsync(cancellationToken);
        await exchange.Management.PutUserAsync(exchange.Endpoint.VirtualHost, credential.UserName, password, credential.Permissions, cancellationToken);
        try
        {
            db.AmqpCredentials.Add(credential);
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (Exception saveFailure)
        {
            loggers.CreateLogger(typeof(AmqpCredentialsApi)).LogError(saveFailure, "Saving AMQP credential {UserName} failed; removing its broker user.", credential.UserName);
            await exchange.Management.DeleteUserAsync(credential.UserName, CancellationToken.None);
            throw;
        }

        return TypedResults.Created($"/api/amqp-credentials/{credential.Id}",
            new AmqpCredentialWithPasswordResponse(AmqpCredentialResponse.From(credential, exchange.Endpoint), password));
    }

    public static async Task<Ok<Page<AmqpCredentialResponse>>> ListCredentials(
        NotificationsDbContext db, PartnerEventsExchange exchange, CancellationToken cancellationToken,
        [FromQuery] int limit = 50, [FromQuery] Guid? cursor = null) =>
        TypedResults.Ok(await db.AmqpCredentials.AsNoTracking()
            .ToPageAsync(limit, cursor, credential => AmqpCredentialResponse.From(credential, exchange.Endpoint), cancellationToken));

    public static async Task<Ok<AmqpCredentialResponse>> GetCredential(
        Guid id, NotificationsDbContext db, PartnerEventsExchange exchange, CancellationToken cancellationToken) =>
        TypedResults.Ok(AmqpCredentialResponse.From(await db.FindAmqpCredentialAsync(id, cancellationToken), exchange.Endpoint));

    public static async Task<Ok<AmqpCredentialWithPasswordResponse>> ReplacePassword(
        Guid id, NotificationsDbContext db, PartnerEventsExchange exchange, TimeProvider clock, CancellationToken cancellationToken)
    {
        var credential = await db.FindAmqpCredentialAsync(id, cancellationToken);
        var password = credential.ReplacePassword(clock.GetUtcNow());
        await exchange.EnsureReadyAsync(cancellationToken);
        // The row is written first in a transaction committed only once the broker took the password: a failure on
        // either side leaves the old password working and the row as it was.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        await db.SaveChangesAsync(cancellationToken);
        await exchange.Management.PutUserAsync(exchange.Endpoint.VirtualHost, credential.UserName, password, credential.Permissions, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return TypedResults.Ok(new AmqpCredentialWithPasswordResponse(AmqpCredentialResponse.From(credential, exchange.Endpoint), password));
    }

    public static async Task<NoContent> DeleteCredential(Guid id, NotificationsDbContext db, PartnerEventsExchange exchange, CancellationToken cancellationToken)
    {
        var credential = await db.FindAmqpCredentialAsync(id, cancellationToken);
        await exchange.Management.DeleteUserAsync(credential.UserName, cancellationToken);
        db.AmqpCredentials.Remove(credential);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<AmqpCredential> FindAmqpCredentialAsync(this NotificationsDbContext db, Guid id, CancellationToken cancellationToken) =>
        await db.AmqpCredentials.SingleOrDefaultAsync(c => c.Id == id, cancellationToken)
        ?? throw new NotFoundException("AMQP credential", id);
}

public sealed record AmqpCredentialRequest(string? Description);

/// <summary>A credential and everything a partner needs to connect and bind, except the password.</summary>
public sealed record AmqpCredentialResponse(
    Guid Id,
    string UserName,
    string Description,
    string Host,
    int Port,
    bool Tls,
    string VirtualHost,
    string Uri,
    string Exchange,
    string RoutingKeyPrefix,
    string QueuePrefix,
    string ExampleBindingKey,
    PersonRef CreatedBy,
    DateTimeOffset CreatedAt,
    DateTimeOffset PasswordSetAt)
{
    public static AmqpCredentialResponse From(AmqpCredential c, PartnerAmqpEndpoint endpoint) => new(
        c.Id, c.UserName, c.Description, endpoint.Host, endpoint.Port, endpoint.Tls, endpoint.VirtualHost, endpoint.UriFor(c.UserName),
        PartnerExchange.Name, c.RoutingKeyPrefix, c.QueuePrefix, c.RoutingKeyPrefix + "com.incidentplatform.review.#",
        c.CreatedBy, c.CreatedAt, c.PasswordSetAt);
}

/// <summary>The answer to creating a credential or replacing its password: the only time the password is shown.</summary>
public sealed record AmqpCredentialWithPasswordResponse(AmqpCredentialResponse Credential, string Password);
