#include "core/backends/releaseoutcome.h"

namespace lockscope {

QString ReleaseOutcome::statusName(Status s) {
    switch (s) {
    case Status::Released:
        return QStringLiteral("released");
    case Status::NothingReleased:
        return QStringLiteral("nothing-released");
    case Status::Changed:
        return QStringLiteral("changed");
    case Status::Refused:
    case Status::ReadOnly:
        return QStringLiteral("refused");
    case Status::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

QString ReleaseOutcome::auditName(Status s) {
    return s == Status::Released ? QStringLiteral("done") : statusName(s);
}

QString ReleaseOutcome::summary(Status s) {
    switch (s) {
    case Status::Released:
        return QStringLiteral("released");
    case Status::NothingReleased:
        return QStringLiteral("nothing released");
    case Status::Changed:
        return QStringLiteral("changed in the meantime");
    case Status::Refused:
        return QStringLiteral("refused");
    case Status::ReadOnly:
        return QStringLiteral("refused: read-only");
    case Status::Failed:
        return QStringLiteral("failed");
    }
    return {};
}

} // namespace lockscope
