#include "core/monitor/ownerprobe.h"

#include <QFileInfo>
#include <QStringList>
#include <QSysInfo>

namespace lockscope {

bool OwnerProbe::isOrphaned(const QString& owner) {
    const QStringList parts = owner.split(u':');
    if (parts.size() != 3)
        return false;
    static const QString host = QSysInfo::machineHostName();
    if (parts[0] != host)
        return false; // another machine's process: we cannot tell
    bool ok = false;
    const qint64 pid = parts[1].toLongLong(&ok);
    if (!ok || pid <= 0)
        return false;
    return !QFileInfo::exists(QStringLiteral("/proc/%1").arg(pid));
}

} // namespace lockscope
