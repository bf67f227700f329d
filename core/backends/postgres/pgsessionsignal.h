#pragma once

#include "core/backends/releaseoutcome.h"

namespace lockscope {

class PgConnection;
struct LockEntry;
struct PgSessionObservation;

/// Terminates an observed session, or cancels its query, and tells what is true afterwards
/// (PostgresBackend::forceRelease for a pg-session entry; ForceReleaser audits around it).
class PgSessionSignal {
public:
    /// Signals only if the pid is still the observed backend (and, to cancel, still runs the
    /// observed query): else Changed, nothing done. Then re-observes for up to 3 s: Released
    /// when the session is gone (terminate) or the query is no longer running (cancel),
    /// NothingReleased when it still is (e.g. cancelling a session idle in transaction).
    static ReleaseOutcome send(PgConnection& c, const LockEntry& e, const PgSessionObservation& obs,
                               bool cancelOnly);
};

} // namespace lockscope
