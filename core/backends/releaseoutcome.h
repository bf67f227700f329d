#pragma once

#include <QString>
#include <cstdint>

namespace lockscope {

/// What a force-release did, as re-observed on the server after the action.
struct ReleaseOutcome {
    enum class Status {
        Released,        ///< re-observed: the observed lock is gone
        NothingReleased, ///< the action ran, but the same holder still holds the lock (a
                         ///< cancel-only on an idle-in-transaction backend cancels nothing)
        Changed,         ///< the lock changed since it was observed: nothing was done
        Refused,         ///< not attempted (no reason, an invalid namespace, ...)
        ReadOnly,        ///< not attempted: read-only mode
        Failed,          ///< attempted and failed: the message says why
    };
    Status status = Status::Failed;
    QString message;
    int64_t auditId = 0;

    /// "released", "nothing-released", "changed", "refused", "failed" (ReadOnly is "refused"):
    /// for JSON and logs.
    static QString statusName(Status s);
    /// The audit log's outcome column: "done", "nothing-released", "changed", "refused",
    /// "failed".
    static QString auditName(Status s);
    /// What is true now, for people: "released", "nothing released", "changed in the meantime",
    /// "refused: read-only", "refused", "failed".
    static QString summary(Status s);
};

} // namespace lockscope
