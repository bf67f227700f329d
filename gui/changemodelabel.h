#pragma once

#include "connectors/backend.h"
#include "core/backends/changemode.h"

#include <QMap>
#include <QWidget>

class QLabel;

namespace lockscope {

/// The status bar's word on how each server's changes reach the console: one small label per
/// server ("Redis: tracking", "ZooKeeper: watches", "PostgreSQL: adaptive", "...: polled"),
/// its tooltip saying what that means and, when it is not instant, why (a refused CLIENT
/// TRACKING, a server without notifications). Fed from each Snapshot's changeModes.
class ChangeModeLabel : public QWidget {
    Q_OBJECT
public:
    explicit ChangeModeLabel(QWidget* parent = nullptr);
    void setModes(const QMap<Backend, ChangeStatus>& modes);
    /// The label of one backend (tests); nullptr before its first mode.
    QLabel* labelOf(Backend backend) const { return m_labels.value(backend); }
    /// The short word shown for a mode ("tracking", "polled", ...).
    static QString shortText(ChangeMode mode);

private:
    QMap<Backend, QLabel*> m_labels;
    QMap<Backend, ChangeStatus> m_shown;
};

} // namespace lockscope
