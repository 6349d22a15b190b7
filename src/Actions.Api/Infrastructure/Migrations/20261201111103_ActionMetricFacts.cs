using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IncidentPlatform.Actions.Infrastructure.Migrations
{
    /// <summary>
    /// The org metrics' facts: one row per action item and service it names, plus one under service '' for the item as a
    /// whole (and one per known review and service), so that a report reads index-only the rows of its period and service.
    /// Statement triggers keep them in the writing transaction; the application never writes them.
    /// </summary>
    public partial class ActionMetricFacts : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(@"
CREATE TABLE action_item_facts (
    item_id uuid NOT NULL,
    service text NOT NULL,
    org_id uuid NOT NULL,
    review_id uuid NOT NULL,
    created_at timestamptz NOT NULL,
    done_at timestamptz,
    due_date date NOT NULL,
    status varchar(16) NOT NULL,
    type varchar(16) NOT NULL,
    priority varchar(4) NOT NULL,
    team varchar(100),
    CONSTRAINT pk_action_item_facts PRIMARY KEY (item_id, service));
CREATE INDEX ix_action_item_facts_created ON action_item_facts (org_id, service, created_at) INCLUDE (status, type, priority, team, review_id);
CREATE INDEX ix_action_item_facts_done ON action_item_facts (org_id, service, done_at) INCLUDE (created_at, priority, team) WHERE done_at IS NOT NULL;
CREATE INDEX ix_action_item_facts_due ON action_item_facts (org_id, service, due_date) INCLUDE (status, done_at, priority, team);
CREATE INDEX ix_action_item_facts_unfinished ON action_item_facts (org_id, service, due_date) INCLUDE (priority, team) WHERE status IN ('Open', 'InProgress');
-- The per-service lists: a period's rows of every service in one range.
CREATE INDEX ix_action_item_facts_due_per_service ON action_item_facts (org_id, due_date) INCLUDE (service, status, done_at, priority, team) WHERE service <> '';
CREATE INDEX ix_action_item_facts_done_per_service ON action_item_facts (org_id, done_at) INCLUDE (service, priority, team) WHERE service <> '' AND done_at IS NOT NULL;

CREATE FUNCTION action_item_facts_insert() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    INSERT INTO action_item_facts (item_id, service, org_id, review_id, created_at, done_at, due_date, status, type, priority, team)
    SELECT i.id, s.service, i.org_id, i.review_id, i.created_at, i.done_at, i.due_date, i.status, i.type, i.priority, i.secondary_owner_team
    FROM new_items i, LATERAL (SELECT DISTINCT unnest(i.services || ARRAY['']::text[]) AS service) s;
    RETURN NULL;
END $fn$;

CREATE FUNCTION action_item_facts_update() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    -- Only items whose counted columns changed: the follow-up watcher's marks and text edits leave the facts alone.
    DELETE FROM action_item_facts f USING new_items n JOIN old_items o ON o.id = n.id
    WHERE f.item_id = o.id
      AND (o.org_id, o.review_id, o.services, o.created_at, o.done_at, o.due_date, o.status, o.type, o.priority, o.secondary_owner_team)
          IS DISTINCT FROM (n.org_id, n.review_id, n.services, n.created_at, n.done_at, n.due_date, n.status, n.type, n.priority, n.secondary_owner_team);
    INSERT INTO action_item_facts (item_id, service, org_id, review_id, created_at, done_at, due_date, status, type, priority, team)
    SELECT n.id, s.service, n.org_id, n.review_id, n.created_at, n.done_at, n.due_date, n.status, n.type, n.priority, n.secondary_owner_team
    FROM new_items n JOIN old_items o ON o.id = n.id, LATERAL (SELECT DISTINCT unnest(n.services || ARRAY['']::text[]) AS service) s
    WHERE (o.org_id, o.review_id, o.services, o.created_at, o.done_at, o.due_date, o.status, o.type, o.priority, o.secondary_owner_team)
          IS DISTINCT FROM (n.org_id, n.review_id, n.services, n.created_at, n.done_at, n.due_date, n.status, n.type, n.priority, n.secondary_owner_team);
    RETURN NULL;
END $fn$;

CREATE FUNCTION action_item_facts_delete() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    DELETE FROM action_item_facts f USING old_items o WHERE f.item_id = o.id;
    RETURN NULL;
END $fn$;

CREATE TRIGGER action_item_facts_insert AFTER INSERT ON action_items REFERENCING NEW TABLE AS new_items
    FOR EACH STATEMENT EXECUTE FUNCTION action_item_facts_insert();
CREATE TRIGGER action_item_facts_update AFTER UPDATE ON action_items REFERENCING OLD TABLE AS old_items NEW TABLE AS new_items
    FOR EACH STATEMENT EXECUTE FUNCTION action_item_facts_update();
CREATE TRIGGER action_item_facts_delete AFTER DELETE ON action_items REFERENCING OLD TABLE AS old_items
    FOR EACH STATEMENT EXECUTE FUNCTION action_item_facts_delete();

INSERT INTO action_item_facts (item_id, service, org_id, review_id, created_at, done_at, due_date, status, type, priority, team)
SELECT i.id, s.service, i.org_id, i.review_id, i.created_at, i.done_at, i.due_date, i.status, i.type, i.priority, i.secondary_owner_team
FROM action_items i, LATERAL (SELECT DISTINCT unnest(i.services || ARRAY['']::text[]) AS service) s;

CREATE TABLE known_review_facts (
    review_id uuid NOT NULL,
    service text NOT NULL,
    org_id uuid NOT NULL,
    opened_at timestamptz NOT NULL,
    CONSTRAINT pk_known_review_facts PRIMARY KEY (review_id, service));
CREATE INDEX ix_known_review_facts_opened ON known_review_facts (org_id, service, opened_at);

CREATE FUNCTION known_review_facts_write() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM known_review_facts f USING old_reviews o WHERE f.review_id = o.review_id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        INSERT INTO known_review_facts (review_id, service, org_id, opened_at)
        SELECT r.review_id, s.service, r.org_id, r.opened_at
        FROM new_reviews r, LATERAL (SELECT DISTINCT unnest(r.services) AS service) s;
    END IF;
    RETURN NULL;
END $fn$;

CREATE TRIGGER known_review_facts_insert AFTER INSERT ON known_reviews REFERENCING NEW TABLE AS new_reviews
    FOR EACH STATEMENT EXECUTE FUNCTION known_review_facts_write();
CREATE TRIGGER known_review_facts_update AFTER UPDATE ON known_reviews REFERENCING OLD TABLE AS old_reviews NEW TABLE AS new_reviews
    FOR EACH STATEMENT EXECUTE FUNCTION known_review_facts_write();
CREATE TRIGGER known_review_facts_delete AFTER DELETE ON known_reviews REFERENCING OLD TABLE AS old_reviews
    FOR EACH STATEMENT EXECUTE FUNCTION known_review_facts_write();

INSERT INTO known_review_facts (review_id, service, org_id, opened_at)
SELECT r.review_id, s.service, r.org_id, r.opened_at FROM known_reviews r, LATERAL (SELECT DISTINCT unnest(r.services) AS service) s;
");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(@"
DROP TRIGGER known_review_facts_insert ON known_reviews;
DROP TRIGGER known_review_facts_update ON known_reviews;
DROP TRIGGER known_review_facts_delete ON known_reviews;
DROP FUNCTION known_review_facts_write();
DROP TABLE known_review_facts;
DROP TRIGGER action_item_facts_insert ON action_items;
DROP TRIGGER action_item_facts_update ON action_items;
DROP TRIGGER action_item_facts_delete ON action_items;
DROP FUNCTION action_item_facts_insert();
DROP FUNCTION action_item_facts_update();
DROP FUNCTION action_item_facts_delete();
DROP TABLE action_item_facts;
");
        }
    }
}
