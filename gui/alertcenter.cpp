#include "gui/alertcenter.h"

#include <QDateTime>

namespace lockscope {

AlertCenter::AlertCenter(AlertSettings settings, QObject* parent)
    : QObject(parent) {
    qRegisterMetaType<std::vector<AlertEvent>>("std::vector<lockscope::AlertEvent>");
    setSettings(std::move(settings));
}

AlertCenter::~AlertCenter() = default;

void AlertCenter::setSettings(AlertSettings settings) {
    const bool sameCommand = m_runner && settings.command == m_settings.command &&
                             settings.commandTimeout == m_settings.commandTimeout;
    m_settings = std::move(settings);
    m_engine.setRules(m_settings.rules);
    if (sameCommand)
        return;
    m_runner.reset();
    if (!m_settings.command.trimmed().isEmpty())
        m_runner =
            std::make_unique<AlertActionRunner>(m_settings.command, m_settings.commandTimeout);
}

QSet<QString> AlertCenter::alertedLockIds() const {
    QSet<QString> ids;
    for (const Alert& a : m_engine.firing())
        if (a.lock)
            ids.insert(a.lock->id());
    return ids;
}

void AlertCenter::onSnapshot(const Snapshot& snapshot) {
    feed(snapshot, QDateTime::currentMSecsSinceEpoch());
}

void AlertCenter::feed(const Snapshot& snapshot, qint64 nowMs) {
    const std::vector<AlertEvent> events = m_engine.feed(snapshot, nowMs);
    if (m_runner)
        for (const AlertEvent& e : events)
            m_runner->post(e);
    if (!events.empty())
        emit alertEvents(events);
    emit changed(); // details (held for, waiters) move with every snapshot
    const QSet<QString> alerted = alertedLockIds();
    if (alerted != m_alerted) {
        m_alerted = alerted;
        emit alertedLocksChanged(m_alerted);
    }
}

} // namespace lockscope
