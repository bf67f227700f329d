#pragma once

#include <QJsonArray>
#include <QList>
#include <QString>
#include <QStringList>

namespace lockscope {

/// CSV (RFC 4180) and JSON files of the console's tables.
namespace tableexport {

/// One field: quoted (with inner quotes doubled) when it holds a comma, quote, line break or
/// leading/trailing space; a leading = + - @ is prefixed with ' so a spreadsheet does not run it.
QString csvField(const QString& value);
/// A header line and one line per row, CRLF-terminated.
QString csv(const QStringList& header, const QList<QStringList>& rows);
/// The rows of objects as CSV: one column per key of header, values as text (arrays joined by
/// "; ", null empty).
QString csvFromJson(const QStringList& header, const QJsonArray& objects);
/// Writes bytes to path; on failure false and *error says why.
bool writeFile(const QString& path, const QByteArray& bytes, QString* error);

} // namespace tableexport
} // namespace lockscope
