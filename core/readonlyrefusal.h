#pragma once

#include <QString>
#include <stdexcept>

namespace lockscope {

/// Thrown before any write when LockScope runs read-only (NamespaceConfig::readOnly): stock
/// loads and changes, purchases, demo runs and taking a lock. Nothing was written. The CLI
/// exits 4 on it; the console shows message().
class ReadOnlyRefusal : public std::runtime_error {
public:
    /// what: the refused action, e.g. "set stock".
    explicit ReadOnlyRefusal(const QString& what);
    const QString& action() const { return m_action; }
    /// "refused: read-only mode, so <action> was not done"
    QString message() const;

private:
    QString m_action;
};

} // namespace lockscope
