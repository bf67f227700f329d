#include "gui/tableexport.h"

#include <QJsonObject>
#include <QSaveFile>

namespace lockscope::tableexport {

QString csvField(const QString& value) {
    QString v = value;
    if (!v.isEmpty() && QStringLiteral("=+-@").contains(v.front()) && !v.front().isDigit()) {
        bool number = false;
        v.toDouble(&number);
        if (!number)
            v.prepend(u'\'');
    }
    const bool quote = v.contains(u',') || v.contains(u'"') || v.contains(u'\n') ||
                       v.contains(u'\r') || v.startsWith(u' ') || v.endsWith(u' ');
    if (!quote)
        return v;
    v.replace(QStringLiteral("\""), QStringLiteral("\"\""));
    return u'"' + v + u'"';
}

QString csv(const QStringList& header, const QList<QStringList>& rows) {
    auto line = [](const QStringList& fields) {
        QStringList out;
        out.reserve(fields.size());
        for (const QString& f : fields)
            out << csvField(f);
        return out.join(u',') + QStringLiteral("\r\n");
    };
    QString text = line(header);
    for (const QStringList& r : rows)
        text += line(r);
    return text;
}

QString csvFromJson(const QStringList& header, const QJsonArray& objects) {
    QList<QStringList> rows;
    rows.reserve(objects.size());
    for (const QJsonValue& v : objects) {
        const QJsonObject o = v.toObject();
        QStringList row;
        for (const QString& key : header) {
            const QJsonValue f = o.value(key);
            if (f.isArray()) {
                QStringList parts;
                for (const QJsonValue& p : f.toArray())
                    parts << p.toVariant().toString();
                row << parts.join(QStringLiteral("; "));
            } else if (f.isBool()) {
                row << (f.toBool() ? QStringLiteral("true") : QStringLiteral("false"));
            } else if (f.isDouble()) {
                const double d = f.toDouble();
                row << (d == double(qint64(d)) ? QString::number(qint64(d)) : QString::number(d));
            } else {
                row << f.toString();
            }
        }
        rows << row;
    }
    return csv(header, rows);
}

bool writeFile(const QString& path, const QByteArray& bytes, QString* error) {
    QSaveFile f(path);
    if (!f.open(QIODevice::WriteOnly) || f.write(bytes) != bytes.size() || !f.commit()) {
        if (error)
            *error = f.errorString();
        return false;
    }
    return true;
}

} // namespace lockscope::tableexport
