#pragma once

#include "core/backends/backendregistry.h"
#include "core/backends/lockbackend.h"

#include <QComboBox>
#include <QStringList>
#include <functional>

namespace lockscope {

/// Combo boxes that choose a name (a strategy, a store): the name lives in the item's data and
/// the label is for people only, so a translated or decorated label never reaches the logic.
/// Read currentName(), never currentText().
inline void addNames(QComboBox* box, const QStringList& names,
                     const std::function<QString(const QString&)>& label = {}) {
    for (const QString& name : names)
        box->addItem(label ? label(name) : name, name);
}

/// false (selection unchanged) for a name the box does not offer.
inline bool selectName(QComboBox* box, const QString& name) {
    const int at = box->findData(name);
    if (at < 0)
        return false;
    box->setCurrentIndex(at);
    return true;
}

inline QString currentName(const QComboBox* box) {
    return box->currentData().toString();
}

/// "PostgreSQL" for the store "postgres".
inline QString storeLabel(const QString& store) {
    const LockBackend* b = BackendRegistry::byName(store);
    return b ? b->displayName() : store;
}

} // namespace lockscope
