#pragma once

#include <QStringList>

namespace lockscope::cli {

/// lockscope-cli sessions list [--json]: the PostgreSQL sessions of the configured database,
/// like pg_activity (PgSessionScanner).
class SessionsCommand {
public:
    static int run(const QStringList& args);

private:
    static int list(const QStringList& args);
};

} // namespace lockscope::cli
