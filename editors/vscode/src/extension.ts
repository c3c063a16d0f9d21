// Starts `jweixin-migrate server` for the workspace and connects VS Code's language client to it.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ExtensionContext, workspace } from 'vscode';
import { LanguageClient, LanguageClientOptions, ServerOptions } from 'vscode-languageclient/node';

let client: LanguageClient | undefined;

/** The binary to run: the setting, the project's own npm install, or the one on the PATH. */
function serverBinary(): string {
  const configured = workspace.getConfiguration('jweixinMigrate').get<string>('path');
  if (configured) {
    return configured;
  }
  const exe = process.platform === 'win32' ? 'jweixin-migrate.exe' : 'jweixin-migrate';
  const platformPackage = `cli-${process.platform}-${process.arch}`;
  for (const folder of workspace.workspaceFolders ?? []) {
    const local = path.join(folder.uri.fsPath, 'node_modules', '@jweixin-migrate', platformPackage, 'bin', exe);
    if (fs.existsSync(local)) {
      return local;
    }
  }
  return 'jweixin-migrate';
}

export async function activate(context: ExtensionContext): Promise<void> {
  const serverOptions: ServerOptions = { command: serverBinary(), args: ['server'] };
  const templates = '**/*.{jsp,jspx,jspf,tag,tagx,xhtml,php,phtml,inc,php5,php7,ctp,ftl,ftlh,ftlx,vm,cshtml,vbhtml,aspx,ascx,asp,master,erb,rhtml,eex,heex,leex,ep,ejs,hbs,handlebars,mustache,twig,njk,nunjucks,jinja,jinja2,j2,liquid,volt,art,tpl,gohtml,tmpl,latte,shtml,shtm,stm,slim,haml,pug,jade}';
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      ...['javascript', 'javascriptreact', 'typescript', 'typescriptreact', 'vue', 'html'].map((language) => ({
        scheme: 'file',
        language,
      })),
      { scheme: 'file', pattern: templates },
      { scheme: 'file', pattern: '**/package.json' },
    ],
    initializationOptions: {
      debounceMs: workspace.getConfiguration('jweixinMigrate').get<number>('debounceMs'),
    },
  };
  client = new LanguageClient('jweixin-migrate', 'jweixin-migrate', serverOptions, clientOptions);
  context.subscriptions.push(client);
  await client.start();
}

export async function deactivate(): Promise<void> {
  await client?.stop();
}
