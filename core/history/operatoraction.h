#pragma once

#include "connectors/backend.h"
#include "core/backends/releaseoutcome.h"

#include <QJsonObject>
#include <QString>
#include <cstdint>

namespace lockscope {

/// One operator action the history keeps: a force release (who, what, why, and what came of
/// it). The audit table on the server is the authority; this is the operator machine's copy,
/// next to the holds it ended.
struct OperatorAction {
    int64_t atMs = 0;
    QString operatorName; ///< claimed or the OS user
    QString action;       ///< "force-release", "cancel"
    Backend backend = Backend::Redis;
    QString lockId;
    QString resource; ///< logical
    QString holder;
    QString reason;
    ReleaseOutcome::Status outcome = ReleaseOutcome::Status::Failed;
    QString message; ///< the outcome's words
    QJsonObject toJson() const;
};

} // namespace lockscope
