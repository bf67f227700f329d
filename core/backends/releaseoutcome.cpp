#include "core/backends/releaseoutcome.h"

namespace lockscope {

QString ReleaseOutcome::statusName(Status s) {
    switch (s) {
    case Status::Released:
        return QStringLiteral("released");
    case Status::Changed:
        return QStringLiteral("changed");
    case Status::Refused:
        return QStringLiteral("refused");
    case Status::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

QString ReleaseOutcome::auditName(Status s) {
    return s == Status::Released ? QStringLiteral("done") : statusName(s);
}

} // namespace lockscope
