#pragma once

#include "core/alerts/alert.h"

#include <QJsonObject>
#include <QString>

namespace lockscope {

/// What the engine reports after a snapshot: an alert fired, or one resolved.
struct AlertEvent {
    enum class Type { Fired, Resolved };
    Type type = Type::Fired;
    Alert alert;

    /// "fired", "resolved".
    static QString typeName(Type type);
    /// Alert::toJson() plus {"event": "fired"|"resolved"}: what an alert command reads on stdin.
    QJsonObject toJson() const;
    /// One line for people: "fired held>1s cart:42 since 12:00:01.250: held 3s by w1". Server
    /// text is not escaped: the caller escapes for its medium (DisplayText::forTerminal).
    QString toLine() const;
};

} // namespace lockscope
