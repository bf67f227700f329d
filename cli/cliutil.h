#pragma once

#include "connectors/backend.h"
#include "core/endpoints.h"
#include "core/namespaceconfig.h"
#include "core/sandbox/sandboxerror.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <vector>

namespace lockscope::cli {

/// Exit codes shared by every command (part of the CLI contract).
/// ReadOnly: refused because of --read-only / LOCKSCOPE_READ_ONLY=1, nothing written.
/// NothingReleased: a force-release ran but the lock is still held (cancel-only on an idle
/// holder).
enum ExitCode {
    Ok = 0,
    InfraError = 1,
    BadArguments = 2,
    LockChanged = 3,
    ReadOnly = 4,
    NothingReleased = 5,
    /// A run stopped by SIGINT, SIGTERM or SIGHUP before it finished (128 + SIGINT, as shells
    /// report an interrupted command).
    Cancelled = 130
};

/// Parses args (args[0] is the command path, e.g. "lockscope-cli sandbox up"). Every command
/// gets --help here. Returns false when the command is finished: *exitCode is BadArguments after
/// printing a message that names the argument, or Ok after printing the help.
bool parseArgs(QCommandLineParser& parser, const QStringList& args, int* exitCode);

/// args with its sub-command (args[1]) moved into the command path args[0]:
/// {"lockscope-cli locks", "release", "--yes"} -> {"lockscope-cli locks release", "--yes"}.
QStringList withSubcommand(const QStringList& args);

void printJson(const QJsonObject& o);
void printJson(const QJsonArray& a);
void printLine(const QString& s);
/// Call inside `catch (...)` of a command's work: prints what went wrong and returns its exit
/// code - ReadOnly for a read-only refusal, BadArguments for std::invalid_argument, InfraError
/// for a server (ConnectorError) or anything else.
int failureExitCode();
/// Someone else's text (a key, a holder, a reason, query text) made safe for one line of text
/// output: DisplayText::forTerminal (control characters as \xNN, bounded, marked when cut), so
/// a name can never forge a line or drive the terminal.
QString oneLine(const QString& s);
/// oneLine(s) in a column: width < 0 left-aligned, > 0 right-aligned; longer text is cut with
/// "…". Never QString::arg on foreign text in a chain: a "%1" inside it would be replaced.
QString cell(const QString& s, int width);
/// "lockscope-cli: <s>" on stderr, s escaped by DisplayText::forTerminal (it may quote a key).
void printError(const QString& s);
/// printError(s), then someone else's lines that s is about (a server's log), under heading:
/// the line breaks between them are kept, each line is escaped by DisplayText::forTerminal and
/// indented, so LockScope's own message stays readable and a server's text can neither break a
/// line nor pass for LockScope's.
void printError(const QString& s, const QString& heading, const QStringList& quoted);
/// A SandboxError: its summary, and the log lines it carries quoted below it.
void printError(const SandboxError& e);

/// Connection URIs: --redis/--zookeeper/--postgres, else --sandbox DIR's stack.json, else
/// $LOCKSCOPE_REDIS/..., else $LOCKSCOPE_SANDBOX_DIR's stack.json, else the default ports.
void addConnectionOptions(QCommandLineParser& parser);
/// Endpoints::resolve() with --redis/--zookeeper/--postgres/--sandbox. Throws SandboxError.
Endpoints endpointsFrom(const QCommandLineParser& parser);

/// --ns (default "lockscope"), --read-only and the endpoints as a NamespaceConfig (readOnly set
/// by --read-only or LOCKSCOPE_READ_ONLY=1). On a malformed URI prints a message naming the
/// option and returns false.
void addNamespaceOption(QCommandLineParser& parser);
bool readOnlyFrom(const QCommandLineParser& parser);
bool namespaceFrom(const QCommandLineParser& parser, NamespaceConfig* out);

/// Integer option with a range; on error prints "--name: ..." and returns false.
bool intOption(const QCommandLineParser& parser, const QString& name, int min, int max, int* out);
/// --backend NAME|all: *out is {that backend}, or empty for all; false after printing why.
bool backendsFrom(const QCommandLineParser& parser, std::vector<Backend>* out);
bool doubleOption(const QCommandLineParser& parser, const QString& name, double min, double max,
                  double* out);

} // namespace lockscope::cli
