//! `jweixin-migrate server`: a Language Server Protocol server over stdin/stdout, so editors
//! show the findings while a person types and apply the fixes as code actions.
//!
//! Built on `lsp-server` (the transport and message loop scaffold rust-analyzer is built on)
//! and `lsp-types` (the protocol's types, the version rust-analyzer uses). One thread owns
//! every open document and answers messages in the order they come, so a code action always
//! sees the text the edits are for. Each document is checked in memory with the library's
//! own one-file check (`pipeline::check_source`) and fixed with its fix loop
//! (`migrate::fix_checked`), exactly as `check` and `fix` treat a file on disk.
//!
//! - Open and save check at once; a change starts a debounce window ([`DEFAULT_DEBOUNCE`],
//!   `initializationOptions.debounceMs`): the document is checked once when the window ends,
//!   however many changes came in it. A request on a document with unchecked changes checks
//!   it first.
//! - A panic while handling a message (a check, a code action) is caught: a request gets an
//!   error response, a document's check gets one diagnostic saying so, the server goes on.
//! - `shutdown` then `exit` ends with status 0; `exit` alone, or the client going away, 1.

mod actions;
mod documents;
mod findings;
mod hover;
mod positions;
mod rule_docs;
mod units;
mod workspace;

use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::{Duration, Instant};

use lsp_server::{Connection, ErrorCode, Message, Notification, Request, Response};
use lsp_types::notification::{
    DidChangeTextDocument, DidChangeWorkspaceFolders, DidCloseTextDocument, DidOpenTextDocument, DidSaveTextDocument,
    LogMessage, Notification as _, PublishDiagnostics,
};
use lsp_types::request::{CodeActionRequest, HoverRequest, Request as _};
use lsp_types::{
    CodeActionKind, CodeActionOptions, CodeActionProviderCapability, HoverProviderCapability, InitializeParams,
    InitializeResult, LogMessageParams, MessageType, PositionEncodingKind, PublishDiagnosticsParams, SaveOptions,
    ServerCapabilities, ServerInfo, TextDocumentSyncCapability, TextDocumentSyncKind, TextDocumentSyncOptions,
    TextDocumentSyncSaveOptions, Url, WorkspaceFoldersServerCapabilities, WorkspaceServerCapabilities,
};

use crate::pipeline;
use crate::prefilter;
use crate::source::SourceFile;

use actions::ClientSupport;
use documents::{Checked, Document, NotChecked};
use workspace::Workspace;

pub use actions::FIX_ALL_KIND;

/// How long after the first unchecked change a document is checked.
pub const DEFAULT_DEBOUNCE: Duration = Duration::from_millis(150);

/// Runs the server on stdin/stdout until the client says `exit` or goes away.
pub fn run_stdio() -> Result<(), String> {
    let (connection, io_threads) = Connection::stdio();
    // The checks recurse once per nesting level: the loop gets the workers' stack.
    let served = std::thread::Builder::new()
        .name("jweixin-migrate-server".to_string())
        .stack_size(crate::parallel::WORKER_STACK_BYTES)
        .spawn(move || serve(&connection))
        .map_err(|e| format!("cannot start the server thread: {e}"))?
        .join()
        .unwrap_or_else(|payload| Err(crate::internal_error(payload)));
    // The reader thread ends once the client closes stdin; after `exit` it has already ended.
    served?;
    io_threads.join().map_err(|e| format!("stdin/stdout failed: {e}"))
}

/// Serves one client on `connection`: the handshake, then messages until `exit`.
pub fn serve(connection: &Connection) -> Result<(), String> {
    let (id, params) = connection.initialize_start().map_err(|e| e.to_string())?;
    let params: InitializeParams =
        serde_json::from_value(params).map_err(|e| format!("invalid initialize parameters: {e}"))?;
    let result = InitializeResult {
        capabilities: capabilities(),
        server_info: Some(ServerInfo {
            name: "jweixin-migrate".to_string(),
            version: Some(env!("CARGO_PKG_VERSION").to_string()),
        }),
    };
    let result = serde_json::to_value(result).map_err(|e| e.to_string())?;
    connection.initialize_finish(id, result).map_err(|e| e.to_string())?;
    let mut server = Server::new(connection, &params);
    server.run()
}

fn capabilities() -> ServerCapabilities {
    ServerCapabilities {
        position_encoding: Some(PositionEncodingKind::UTF16),
        text_document_sync: Some(TextDocumentSyncCapability::Options(TextDocumentSyncOptions {
            open_close: Some(true),
            change: Some(TextDocumentSyncKind::INCREMENTAL),
            save: Some(TextDocumentSyncSaveOptions::SaveOptions(SaveOptions {
                include_text: Some(false),
            })),
            ..TextDocumentSyncOptions::default()
        })),
        code_action_provider: Some(CodeActionProviderCapability::Options(CodeActionOptions {
            code_action_kinds: Some(vec![
                CodeActionKind::QUICKFIX,
                CodeActionKind::SOURCE_FIX_ALL,
                CodeActionKind::new(FIX_ALL_KIND),
            ]),
            resolve_provider: Some(false),
            ..CodeActionOptions::default()
        })),
        hover_provider: Some(HoverProviderCapability::Simple(true)),
        workspace: Some(WorkspaceServerCapabilities {
            workspace_folders: Some(WorkspaceFoldersServerCapabilities {
                supported: Some(true),
                change_notifications: Some(lsp_types::OneOf::Left(true)),
            }),
            file_operations: None,
        }),
        ..ServerCapabilities::default()
    }
}

struct Server<'c> {
    connection: &'c Connection,
    documents: HashMap<Url, Document>,
    workspace: Workspace,
    client: ClientSupport,
    debounce: Duration,
}

impl<'c> Server<'c> {
    fn new(connection: &'c Connection, params: &InitializeParams) -> Server<'c> {
        let caps = &params.capabilities;
        let client = ClientSupport {
            document_changes: caps
                .workspace
                .as_ref()
                .and_then(|w| w.workspace_edit.as_ref())
                .and_then(|e| e.document_changes)
                .unwrap_or(false),
            disabled_actions: caps
                .text_document
                .as_ref()
                .and_then(|t| t.code_action.as_ref())
                .and_then(|c| c.disabled_support)
                .unwrap_or(false),
            markdown_hover: caps
                .text_document
                .as_ref()
                .and_then(|t| t.hover.as_ref())
                .and_then(|h| h.content_format.as_ref())
                .is_some_and(|formats| formats.contains(&lsp_types::MarkupKind::Markdown)),
        };
        let debounce = params
            .initialization_options
            .as_ref()
            .and_then(|o| o.get("debounceMs"))
            .and_then(serde_json::Value::as_u64)
            .map_or(DEFAULT_DEBOUNCE, Duration::from_millis);
        let mut workspace = Workspace::default();
        #[allow(deprecated)] // root_uri: older clients send it instead of workspace folders
        let roots = match (&params.workspace_folders, &params.root_uri) {
            (Some(folders), _) => folders.iter().map(|f| f.uri.clone()).collect(),
            (None, Some(root)) => vec![root.clone()],
            (None, None) => Vec::new(),
        };
        workspace.roots = roots.iter().filter_map(|u| u.to_file_path().ok()).collect();
        Server {
            connection,
            documents: HashMap::new(),
            workspace,
            client,
            debounce,
        }
    }

    fn run(&mut self) -> Result<(), String> {
        loop {
            let message = match self.next_deadline() {
                None => match self.connection.receiver.recv() {
                    Ok(message) => Some(message),
                    Err(_) => return Err("the client closed the connection without `exit`".to_string()),
                },
                Some(deadline) => {
                    let wait = deadline.saturating_duration_since(Instant::now());
                    match self.connection.receiver.recv_timeout(wait) {
                        Ok(message) => Some(message),
                        Err(crossbeam_timeout) if crossbeam_timeout.is_timeout() => None,
                        Err(_) => return Err("the client closed the connection without `exit`".to_string()),
                    }
                }
            };
            match message {
                Some(Message::Request(request)) => {
                    if self.connection.handle_shutdown(&request).map_err(|e| e.to_string())? {
                        return Ok(());
                    }
                    self.answer(request);
                }
                Some(Message::Notification(notification)) => {
                    if notification.method == "exit" {
                        return Err("`exit` came before `shutdown`".to_string());
                    }
                    let method = notification.method.clone();
                    if catch_unwind(AssertUnwindSafe(|| self.notified(notification))).is_err() {
                        self.log(MessageType::ERROR, format!("internal error while handling `{method}`"));
                    }
                }
                Some(Message::Response(_)) | None => {}
            }
            self.check_due();
        }
    }

    /// When the earliest debounce window ends.
    fn next_deadline(&self) -> Option<Instant> {
        self.documents
            .values()
            .filter_map(|d| d.changed_at)
            .min()
            .map(|first| first + self.debounce)
    }

    fn check_due(&mut self) {
        let now = Instant::now();
        let due: Vec<Url> = self
            .documents
            .values()
            .filter(|d| d.changed_at.is_some_and(|at| at + self.debounce <= now))
            .map(|d| d.uri.clone())
            .collect();
        for uri in due {
            self.check(&uri);
        }
    }

    fn answer(&mut self, request: Request) {
        let id = request.id.clone();
        let method = request.method.clone();
        let response = match catch_unwind(AssertUnwindSafe(|| self.respond(request))) {
            Ok(Ok(result)) => Response::new_ok(id, result),
            Ok(Err((code, message))) => Response::new_err(id, code as i32, message),
            Err(payload) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                format!("`{method}`: {}", crate::internal_error(payload)),
            ),
        };
        self.send(response.into());
    }

    fn respond(&mut self, request: Request) -> Result<serde_json::Value, (ErrorCode, String)> {
        let invalid = |e: serde_json::Error| (ErrorCode::InvalidParams, e.to_string());
        match request.method.as_str() {
            CodeActionRequest::METHOD => {
                let params: lsp_types::CodeActionParams = serde_json::from_value(request.params).map_err(invalid)?;
                let uri = params.text_document.uri.clone();
                let actions = self.with_checked(&uri, |doc, checked, server| {
                    let options = server.workspace.rule_options(&doc.path);
                    let unit = units::unit_status(&doc.path, &options);
                    actions::code_actions(doc, checked, &params, &options, server.client, &unit)
                });
                Ok(serde_json::to_value(actions.unwrap_or_default()).unwrap_or_default())
            }
            HoverRequest::METHOD => {
                let params: lsp_types::HoverParams = serde_json::from_value(request.params).map_err(invalid)?;
                let at = params.text_document_position_params;
                let shown = self
                    .with_checked(&at.text_document.uri, |doc, checked, server| {
                        hover::hover(doc, checked, at.position, server.client.markdown_hover)
                    })
                    .flatten();
                Ok(serde_json::to_value(shown).unwrap_or_default())
            }
            other => Err((ErrorCode::MethodNotFound, format!("`{other}` is not supported"))),
        }
    }

    /// Runs `answer` on an open document's findings for its current text (checked now if a
    /// change is still waiting for its debounce window).
    fn with_checked<T>(&mut self, uri: &Url, answer: impl FnOnce(&Document, &Checked, &Self) -> T) -> Option<T> {
        if self.documents.get(uri)?.current().is_none() {
            self.check(uri);
        }
        let doc = self.documents.get(uri)?;
        let checked = doc.current()?;
        if checked.not_checked.is_some() {
            return None;
        }
        Some(answer(doc, checked, self))
    }

    fn notified(&mut self, notification: Notification) {
        match notification.method.as_str() {
            DidOpenTextDocument::METHOD => {
                let Ok(params) =
                    notification.extract::<lsp_types::DidOpenTextDocumentParams>(DidOpenTextDocument::METHOD)
                else {
                    return;
                };
                let item = params.text_document;
                let doc = Document::open(item.uri.clone(), &item.language_id, item.version, item.text);
                self.documents.insert(item.uri.clone(), doc);
                self.check(&item.uri);
                let skipped = self.documents.get(&item.uri).and_then(|d| match &d.checked {
                    Some(Checked {
                        not_checked: Some(NotChecked::Skipped(why)),
                        ..
                    }) => Some(format!("{}: {why}", d.path.display())),
                    _ => None,
                });
                if let Some(message) = skipped {
                    self.log(MessageType::INFO, message);
                }
            }
            DidChangeTextDocument::METHOD => {
                let Ok(params) =
                    notification.extract::<lsp_types::DidChangeTextDocumentParams>(DidChangeTextDocument::METHOD)
                else {
                    return;
                };
                if let Some(doc) = self.documents.get_mut(&params.text_document.uri) {
                    doc.change(params.text_document.version, params.content_changes, Instant::now());
                }
            }
            DidSaveTextDocument::METHOD => {
                let Ok(params) =
                    notification.extract::<lsp_types::DidSaveTextDocumentParams>(DidSaveTextDocument::METHOD)
                else {
                    return;
                };
                if self.documents.contains_key(&params.text_document.uri) {
                    self.check(&params.text_document.uri);
                }
            }
            DidCloseTextDocument::METHOD => {
                let Ok(params) =
                    notification.extract::<lsp_types::DidCloseTextDocumentParams>(DidCloseTextDocument::METHOD)
                else {
                    return;
                };
                if self.documents.remove(&params.text_document.uri).is_some() {
                    self.publish(params.text_document.uri, Vec::new(), None);
                }
            }
            DidChangeWorkspaceFolders::METHOD => {
                let Ok(params) = notification
                    .extract::<lsp_types::DidChangeWorkspaceFoldersParams>(DidChangeWorkspaceFolders::METHOD)
                else {
                    return;
                };
                let removed: Vec<_> = params
                    .event
                    .removed
                    .iter()
                    .filter_map(|f| f.uri.to_file_path().ok())
                    .collect();
                self.workspace.roots.retain(|r| !removed.contains(r));
                self.workspace
                    .roots
                    .extend(params.event.added.iter().filter_map(|f| f.uri.to_file_path().ok()));
            }
            _ => {}
        }
    }

    /// Checks an open document's current text and publishes what the editor shows for it.
    fn check(&mut self, uri: &Url) {
        let Some(doc) = self.documents.get_mut(uri) else { return };
        let workspace = &self.workspace;
        let checked =
            catch_unwind(AssertUnwindSafe(|| check_document(workspace, doc))).unwrap_or_else(|payload| Checked {
                version: doc.version,
                diagnostics: Vec::new(),
                not_checked: Some(NotChecked::Failed(crate::internal_error(payload))),
            });
        doc.checked = Some(checked);
        doc.changed_at = None;
        let diagnostics = findings::document_diagnostics(doc);
        let version = Some(doc.version);
        self.publish(uri.clone(), diagnostics, version);
    }

    fn publish(&self, uri: Url, diagnostics: Vec<lsp_types::Diagnostic>, version: Option<i32>) {
        let params = PublishDiagnosticsParams {
            uri,
            diagnostics,
            version,
        };
        self.send(Notification::new(PublishDiagnostics::METHOD.to_string(), params).into());
    }

    fn log(&self, typ: MessageType, message: String) {
        let params = LogMessageParams { typ, message };
        self.send(Notification::new(LogMessage::METHOD.to_string(), params).into());
    }

    fn send(&self, message: Message) {
        // The writer thread only stops when the client is gone; the loop then ends on its own.
        let _ = self.connection.sender.send(message);
    }
}

/// One document's findings, as `check` would report the same text on disk.
fn check_document(workspace: &Workspace, doc: &Document) -> Checked {
    let mut checked = Checked {
        version: doc.version,
        diagnostics: Vec::new(),
        not_checked: None,
    };
    let Some(kind) = doc.kind else {
        checked.not_checked = Some(NotChecked::Skipped(
            "jweixin-migrate does not read this kind of file".to_string(),
        ));
        return checked;
    };
    if let Some(reason) = workspace.skip_reason(&doc.path, kind, &doc.text) {
        checked.not_checked = Some(NotChecked::Skipped(reason));
        return checked;
    }
    if !prefilter::scan(kind, doc.text.as_bytes()).any() {
        return checked;
    }
    crate::panic_for_tests(&doc.path);
    let options = workspace.rule_options(&doc.path);
    let file = SourceFile::new(doc.path.clone(), kind, doc.text.clone());
    let found = pipeline::check_source(&file, &options);
    checked.diagnostics = workspace.keep_findings(&doc.path, &doc.text, found);
    checked
}
