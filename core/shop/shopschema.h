#pragma once

#include <string>

namespace lockscope {

class PgConnection;

/// Creates and migrates LockScope's PostgreSQL schema from the versioned SQL files under
/// resources/sql (NNN_name.sql, applied in order, each once, recorded in
/// <schema>.schema_migrations). Idempotent and safe to run from many processes at once (serialised
/// by an advisory lock).
class ShopSchema {
public:
    static void migrate(PgConnection& connection, const std::string& schema);
    /// migrate() once per schema per process.
    static void ensure(PgConnection& connection, const std::string& schema);
    /// Highest applied version, 0 when none.
    static int version(PgConnection& connection, const std::string& schema);
    /// Versions shipped with this build.
    static int latestVersion();
    /// Validates a schema name (lower-case identifier) - it is spliced into SQL.
    static bool isValidName(const std::string& schema);
};

} // namespace lockscope
