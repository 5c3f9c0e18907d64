-- Cluster membership (extended Orleans membership protocol): one version row per deployment that
-- every membership change bumps under optimistic concurrency, and one row per silo incarnation.
CREATE TABLE OrleansMembershipVersionTable
(
    DeploymentId varchar(150)   NOT NULL PRIMARY KEY,
    Timestamp    timestamptz(3) NOT NULL DEFAULT now(),
    Version      integer        NOT NULL DEFAULT 0
);

CREATE TABLE OrleansMembershipTable
(
    DeploymentId varchar(150)   NOT NULL REFERENCES OrleansMembershipVersionTable (DeploymentId),
    Address      varchar(45)    NOT NULL,
    Port         integer        NOT NULL,
    Generation   integer        NOT NULL,
    SiloName     varchar(150)   NOT NULL,
    HostName     varchar(150)   NOT NULL,
    Status       integer        NOT NULL,
    ProxyPort    integer        NULL,
    SuspectTimes varchar(8000)  NULL,
    StartTime    timestamptz(3) NOT NULL,
    IAmAliveTime timestamptz(3) NOT NULL,
    PRIMARY KEY (DeploymentId, Address, Port, Generation)
);

-- Bumps the deployment's version only if the caller saw the current one; true when it did.
CREATE FUNCTION orleans_bump_membership_version(deployment varchar, seen_version integer)
RETURNS boolean LANGUAGE sql AS $$
    WITH bumped AS (
        UPDATE OrleansMembershipVersionTable
           SET Version = Version + 1, Timestamp = now()
         WHERE DeploymentId = deployment AND Version = seen_version
        RETURNING 1)
    SELECT EXISTS (SELECT 1 FROM bumped);
$$;

-- Inserting a silo and bumping the version succeed or fail together: a failed half is rolled back
-- by raising, and the function then reports 0 rows so Orleans re-reads the table and retries.
CREATE FUNCTION orleans_insert_membership(
    deployment varchar, address_arg varchar, port_arg integer, generation_arg integer,
    silo_name varchar, host_name varchar, status_arg integer, proxy_port integer,
    start_time timestamptz, i_am_alive timestamptz, seen_version integer)
RETURNS TABLE(row_count integer) LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        INSERT INTO OrleansMembershipTable
            (DeploymentId, Address, Port, Generation, SiloName, HostName, Status, ProxyPort, StartTime, IAmAliveTime)
        VALUES (deployment, address_arg, port_arg, generation_arg, silo_name, host_name, status_arg, proxy_port, start_time, i_am_alive)
        ON CONFLICT DO NOTHING;
        IF NOT FOUND OR NOT orleans_bump_membership_version(deployment, seen_version) THEN
            RAISE EXCEPTION USING ERRCODE = 'OR001';
        END IF;
        RETURN QUERY SELECT 1;
    EXCEPTION WHEN SQLSTATE 'OR001' THEN
        RETURN QUERY SELECT 0;
    END;
END $$;

CREATE FUNCTION orleans_update_membership(
    deployment varchar, address_arg varchar, port_arg integer, generation_arg integer,
    status_arg integer, suspect_times varchar, i_am_alive timestamptz, seen_version integer)
RETURNS TABLE(row_count integer) LANGUAGE plpgsql AS $$
BEGIN
    BEGIN
        IF NOT orleans_bump_membership_version(deployment, seen_version) THEN
            RAISE EXCEPTION USING ERRCODE = 'OR001';
        END IF;
        UPDATE OrleansMembershipTable
           SET Status = status_arg, SuspectTimes = suspect_times, IAmAliveTime = i_am_alive
         WHERE DeploymentId = deployment AND Address = address_arg AND Port = port_arg AND Generation = generation_arg;
        IF NOT FOUND THEN
            RAISE EXCEPTION USING ERRCODE = 'OR001';
        END IF;
        RETURN QUERY SELECT 1;
    EXCEPTION WHEN SQLSTATE 'OR001' THEN
        RETURN QUERY SELECT 0;
    END;
END $$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('InsertMembershipVersionKey', '
    WITH inserted AS (
        INSERT INTO OrleansMembershipVersionTable (DeploymentId) VALUES (@DeploymentId)
        ON CONFLICT DO NOTHING RETURNING 1)
    SELECT count(*)::integer FROM inserted;'),
('InsertMembershipKey', '
    SELECT * FROM orleans_insert_membership(@DeploymentId, @Address, @Port, @Generation, @SiloName, @HostName,
                                            @Status, @ProxyPort, @StartTime, @IAmAliveTime, @Version);'),
('UpdateMembershipKey', '
    SELECT * FROM orleans_update_membership(@DeploymentId, @Address, @Port, @Generation,
                                            @Status, @SuspectTimes, @IAmAliveTime, @Version);'),
('UpdateIAmAlivetimeKey', '
    UPDATE OrleansMembershipTable SET IAmAliveTime = @IAmAliveTime
     WHERE DeploymentId = @DeploymentId AND Address = @Address AND Port = @Port AND Generation = @Generation;'),
('MembershipReadRowKey', '
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
      FROM OrleansMembershipVersionTable v
      LEFT JOIN OrleansMembershipTable m
        ON m.DeploymentId = v.DeploymentId AND m.Address = @Address AND m.Port = @Port AND m.Generation = @Generation
     WHERE v.DeploymentId = @DeploymentId;'),
('MembershipReadAllKey', '
    SELECT v.DeploymentId, m.Address, m.Port, m.Generation, m.SiloName, m.HostName, m.Status, m.ProxyPort,
           m.SuspectTimes, m.StartTime, m.IAmAliveTime, v.Version
      FROM OrleansMembershipVersionTable v
      LEFT JOIN OrleansMembershipTable m ON m.DeploymentId = v.DeploymentId
     WHERE v.DeploymentId = @DeploymentId;'),
('DeleteMembershipTableEntriesKey', '
    DELETE FROM OrleansMembershipTable WHERE DeploymentId = @DeploymentId;
    DELETE FROM OrleansMembershipVersionTable WHERE DeploymentId = @DeploymentId;'),
('GatewaysQueryKey', '
    SELECT Address, ProxyPort, Generation FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId AND Status = @Status AND ProxyPort > 0;'),
('CleanupDefunctSiloEntriesKey', '
    DELETE FROM OrleansMembershipTable
     WHERE DeploymentId = @DeploymentId AND IAmAliveTime < @IAmAliveTime AND Status <> 3;');
