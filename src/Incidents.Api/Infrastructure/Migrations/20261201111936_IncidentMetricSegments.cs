using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IncidentPlatform.Incidents.Infrastructure.Migrations
{
    /// <summary>
    /// The org metrics' month segments: a change count per org and UTC month, kept by statement triggers on incidents
    /// in the writing transaction, and the segments (a month's incidents as arrays) built from it on demand by
    /// <c>IncidentMetricSegments</c>. The application never writes the counts.
    /// </summary>
    public partial class IncidentMetricSegments : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(@"
CREATE TABLE incident_metric_months (
    org_id uuid NOT NULL,
    month date NOT NULL,
    change_count bigint NOT NULL,
    CONSTRAINT pk_incident_metric_months PRIMARY KEY (org_id, month));

CREATE TABLE incident_metric_segments (
    org_id uuid NOT NULL,
    month date NOT NULL,
    built_from bigint NOT NULL,
    incident_count integer NOT NULL,
    severity_names text[] NOT NULL,
    kind_names text[] NOT NULL,
    service_names text[] NOT NULL,
    columns bytea NOT NULL,
    CONSTRAINT pk_incident_metric_segments PRIMARY KEY (org_id, month));
-- Read whole on every report: kept uncompressed (a month of a busy org is a few hundred kB).
ALTER TABLE incident_metric_segments ALTER COLUMN columns SET STORAGE EXTERNAL;

-- Every change that moves a number of the org metrics counts once on the month (UTC) of the incident's start, in the
-- writing transaction: a segment built from a count is current exactly while the count stays the same.
CREATE FUNCTION incident_metric_months_count() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO incident_metric_months AS m (org_id, month, change_count)
        SELECT n.org_id, date_trunc('month', n.started_at AT TIME ZONE 'UTC')::date, 1 FROM new_incidents n
        GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (org_id, month) DO UPDATE SET change_count = m.change_count + 1;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO incident_metric_months AS m (org_id, month, change_count)
        SELECT c.org_id, c.month, 1
        FROM new_incidents n JOIN old_incidents o ON o.id = n.id,
             LATERAL (VALUES (o.org_id, date_trunc('month', o.started_at AT TIME ZONE 'UTC')::date),
                             (n.org_id, date_trunc('month', n.started_at AT TIME ZONE 'UTC')::date)) AS c (org_id, month)
        WHERE (o.org_id, o.started_at, o.severity, o.kind, o.services, o.is_customer_impacting, o.time_to_detect_minutes,
               o.time_to_acknowledge_minutes, o.time_to_mitigate_minutes, o.time_to_resolve_minutes, o.duration_minutes)
              IS DISTINCT FROM
              (n.org_id, n.started_at, n.severity, n.kind, n.services, n.is_customer_impacting, n.time_to_detect_minutes,
               n.time_to_acknowledge_minutes, n.time_to_mitigate_minutes, n.time_to_resolve_minutes, n.duration_minutes)
        GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (org_id, month) DO UPDATE SET change_count = m.change_count + 1;
    ELSE
        INSERT INTO incident_metric_months AS m (org_id, month, change_count)
        SELECT o.org_id, date_trunc('month', o.started_at AT TIME ZONE 'UTC')::date, 1 FROM old_incidents o
        GROUP BY 1, 2 ORDER BY 1, 2
        ON CONFLICT (org_id, month) DO UPDATE SET change_count = m.change_count + 1;
    END IF;
    RETURN NULL;
END $fn$;

CREATE TRIGGER incident_metric_months_insert AFTER INSERT ON incidents REFERENCING NEW TABLE AS new_incidents
    FOR EACH STATEMENT EXECUTE FUNCTION incident_metric_months_count();
CREATE TRIGGER incident_metric_months_update AFTER UPDATE ON incidents REFERENCING OLD TABLE AS old_incidents NEW TABLE AS new_incidents
    FOR EACH STATEMENT EXECUTE FUNCTION incident_metric_months_count();
CREATE TRIGGER incident_metric_months_delete AFTER DELETE ON incidents REFERENCING OLD TABLE AS old_incidents
    FOR EACH STATEMENT EXECUTE FUNCTION incident_metric_months_count();

INSERT INTO incident_metric_months (org_id, month, change_count)
SELECT org_id, date_trunc('month', started_at AT TIME ZONE 'UTC')::date, 1 FROM incidents GROUP BY 1, 2;
");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(@"
DROP TRIGGER incident_metric_months_insert ON incidents;
DROP TRIGGER incident_metric_months_update ON incidents;
DROP TRIGGER incident_metric_months_delete ON incidents;
DROP FUNCTION incident_metric_months_count();
DROP TABLE incident_metric_segments;
DROP TABLE incident_metric_months;
");
        }
    }
}
