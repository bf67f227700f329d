#pragma once

#include "core/backends/lockobservation.h"

#include <QByteArray>
#include <QString>
#include <cstdint>

namespace lockscope {

/// What the ZooKeeper scanner read of a lock's holder node: force-release deletes it only if
/// the node at path still has this version, session and czxid.
struct ZooKeeperObservation : LockObservation {
    enum class Recipe { LockScope, Curator, Kazoo, Other };

    Recipe recipe = Recipe::Other;
    QString path; ///< the holder node's full path
    QString node; ///< its name
    int32_t version = -1;
    int64_t ephemeralOwner = 0; ///< session id; 0 for a persistent node
    int64_t czxid = 0;
    QByteArray data; ///< the holder node's data, byte for byte

    QJsonObject toJson() const override;
    bool sameAs(const LockObservation& other) const override;
    /// --expect names this holder by the node's exact data bytes or its exact name.
    bool namesHolder(const QString& text) const override;
    static QString recipeName(Recipe r);
};

} // namespace lockscope
