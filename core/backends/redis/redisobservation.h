#pragma once

#include "core/backends/lockobservation.h"

#include <string>

namespace lockscope {

/// What the Redis scanner read of one lock key: the exact bytes force-release compares against.
struct RedisObservation : LockObservation {
    enum class Format { LockScope, RedisPy, Plain, Redisson, Redlock };

    Format format = Format::Plain;
    /// The key, byte for byte (the resource shown is its UTF-8 reading, which may not round-trip).
    std::string key;
    /// The exact value (string key) or the holding field (Redisson hash), byte for byte.
    std::string value;
    int holdCount = 0; ///< Redisson: re-entrant hold count
    /// The node it was read on ("host:port"): on a Cluster, the primary owning its slot.
    std::string node;

    QJsonObject toJson() const override;
    bool sameAs(const LockObservation& other) const override;
    bool namesHolder(const QString& text) const override { return text.toStdString() == value; }
    QString server() const override { return QString::fromStdString(node); }
    /// A Redlock lock has a copy, with the same key, on each of its servers: one entry each.
    QString identity() const override {
        return format == Format::Redlock ? QString::fromStdString(node) : QString();
    }
    static QString formatName(Format f);
};

} // namespace lockscope
