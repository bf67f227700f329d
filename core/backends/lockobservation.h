#pragma once

#include <QJsonObject>
#include <QString>

namespace lockscope {

/// The backend-specific part of a LockEntry: exactly what its backend read from the server and
/// must re-check before a force-release (the exact Redis value, the znode's version and session,
/// the PostgreSQL pid and backend start). Each backend subclasses it in its own folder and is the
/// only code that looks inside.
class LockObservation {
public:
    virtual ~LockObservation();
    /// The details shown to people and written to JSON (edges only).
    virtual QJsonObject toJson() const = 0;
    /// True when a refresh saw the same thing (used by the snapshot diff).
    virtual bool sameAs(const LockObservation& other) const = 0;
    /// The server (or shard) of several that this lock was read on ("host:port": a Redis
    /// Cluster primary, one of Redlock's servers); empty where a backend does not tell (a
    /// ZooKeeper ensemble's session is not per lock). The console's Node column.
    virtual QString server() const { return {}; }
    /// Extra identity when one resource can have several entries (a pid per row-lock holder).
    virtual QString identity() const { return {}; }
    /// True when text names this holder exactly the way the backend knows it, for `locks release
    /// --expect`: the Redis value, a ZooKeeper node's data or node name, a lease's owner, a
    /// PostgreSQL pid. Never a display form.
    virtual bool namesHolder(const QString& text) const {
        Q_UNUSED(text);
        return false;
    }
};

} // namespace lockscope
