-- Grain state for every ADO.NET grain storage provider. Each row is one grain's state, versioned so
-- that a write based on a stale read (for instance two activations after a split brain) is refused.
CREATE TABLE OrleansStorage
(
    GrainIdHash            integer       NOT NULL,
    GrainIdN0              bigint        NOT NULL,
    GrainIdN1              bigint        NOT NULL,
    GrainTypeHash          integer       NOT NULL,
    GrainTypeString        varchar(512)  NOT NULL,
    GrainIdExtensionString varchar(512)  NULL,
    ServiceId              varchar(150)  NOT NULL,
    PayloadBinary          bytea         NULL,
    ModifiedOn             timestamptz   NOT NULL,
    Version                integer       NULL
);

-- One row per grain and service: also what makes the first insert race-free.
CREATE UNIQUE INDEX ux_orleansstorage_grain ON OrleansStorage
    (GrainIdHash, GrainTypeHash, GrainIdN0, GrainIdN1, GrainTypeString, ServiceId, coalesce(GrainIdExtensionString, ''));

-- Returns the version after the write; Orleans treats an unchanged version as a lost race.
CREATE FUNCTION orleans_write_grain_state(
    id_hash integer, id_n0 bigint, id_n1 bigint, type_hash integer, type_string varchar,
    id_extension varchar, service varchar, seen_version integer, payload bytea)
RETURNS TABLE(NewGrainStateVersion integer) LANGUAGE plpgsql AS $$
DECLARE
    written integer;
BEGIN
    IF seen_version IS NULL THEN
        INSERT INTO OrleansStorage (GrainIdHash, GrainIdN0, GrainIdN1, GrainTypeHash, GrainTypeString,
                                    GrainIdExtensionString, ServiceId, PayloadBinary, ModifiedOn, Version)
        VALUES (id_hash, id_n0, id_n1, type_hash, type_string, id_extension, service, payload, now(), 1)
        ON CONFLICT DO NOTHING
        RETURNING Version INTO written;
    ELSE
        UPDATE OrleansStorage s
           SET PayloadBinary = payload, ModifiedOn = now(), Version = s.Version + 1
         WHERE s.GrainIdHash = id_hash AND s.GrainTypeHash = type_hash AND s.GrainIdN0 = id_n0 AND s.GrainIdN1 = id_n1
           AND s.GrainTypeString = type_string AND s.ServiceId = service
           AND s.GrainIdExtensionString IS NOT DISTINCT FROM id_extension
           AND s.Version = seen_version
        RETURNING s.Version INTO written;
    END IF;
    RETURN QUERY SELECT coalesce(written, seen_version);
END $$;

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES
('WriteToStorageKey', '
    SELECT * FROM orleans_write_grain_state(@GrainIdHash, @GrainIdN0, @GrainIdN1, @GrainTypeHash, @GrainTypeString,
                                            @GrainIdExtensionString, @ServiceId, @GrainStateVersion, @PayloadBinary);'),
('ReadFromStorageKey', '
    SELECT PayloadBinary, now() AS ModifiedOn, Version FROM OrleansStorage
     WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
       AND GrainTypeString = @GrainTypeString AND ServiceId = @ServiceId
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString;'),
('ClearStorageKey', '
    UPDATE OrleansStorage SET PayloadBinary = NULL, Version = Version + 1
     WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
       AND GrainTypeString = @GrainTypeString AND ServiceId = @ServiceId
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
       AND Version = @GrainStateVersion
    RETURNING Version AS NewGrainStateVersion;'),
('DeleteStorageKey', '
    DELETE FROM OrleansStorage
     WHERE GrainIdHash = @GrainIdHash AND GrainTypeHash = @GrainTypeHash AND GrainIdN0 = @GrainIdN0 AND GrainIdN1 = @GrainIdN1
       AND GrainTypeString = @GrainTypeString AND ServiceId = @ServiceId
       AND GrainIdExtensionString IS NOT DISTINCT FROM @GrainIdExtensionString
       AND Version = @GrainStateVersion
    RETURNING Version + 1 AS NewGrainStateVersion;');
