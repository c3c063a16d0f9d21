-- Drives `jweixin-migrate server` from Neovim's built-in LSP client (Neovim 0.7 and later),
-- as a person would: open each file, wait for the diagnostics, run the fix-all code action
-- through `vim.lsp.buf.code_action` (its picker answered with the first entry), write the
-- buffer, and wait for the diagnostics to clear. Writes what it saw as JSON for
-- tests/editors.rs, which asserts on it.
--   JWM_BIN     the binary
--   JWM_ROOT    the workspace folder
--   JWM_FILES   the files to open, separated by newlines
--   JWM_REPORT  where to write the report
local bin = os.getenv('JWM_BIN')
local root = os.getenv('JWM_ROOT')
local files = vim.split(os.getenv('JWM_FILES'), '\n', { trimempty = true })
local report_path = os.getenv('JWM_REPORT')
local report = { files = {} }

local function wait_for(what, timeout, condition)
  if not vim.wait(timeout, condition, 10) then
    error('timed out waiting for ' .. what)
  end
end

local ok, err = pcall(function()
  local client_id = vim.lsp.start_client({
    name = 'jweixin-migrate',
    cmd = { bin, 'server' },
    root_dir = root,
    workspace_folders = { { uri = vim.uri_from_fname(root), name = 'fixtures' } },
  })
  assert(client_id, 'the client did not start')
  for _, file in ipairs(files) do
    vim.cmd('edit ' .. vim.fn.fnameescape(file))
    local bufnr = vim.api.nvim_get_current_buf()
    vim.lsp.buf_attach_client(bufnr, client_id)
    wait_for('diagnostics of ' .. file, 20000, function()
      return #vim.diagnostic.get(bufnr) > 0
    end)
    local seen = {}
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      local lsp = d.user_data and d.user_data.lsp or {}
      table.insert(seen, {
        code = d.code,
        lnum = d.lnum,
        col = d.col,
        end_lnum = d.end_lnum,
        end_col = d.end_col,
        severity = d.severity,
        source = d.source,
        href = lsp.codeDescription and lsp.codeDescription.href or vim.NIL,
      })
    end
    table.sort(seen, function(a, b)
      if a.lnum ~= b.lnum then return a.lnum < b.lnum end
      return a.col < b.col
    end)

    local offered = {}
    vim.ui.select = function(items, opts, on_choice)
      for _, item in ipairs(items) do
        table.insert(offered, { title = item[2].title, kind = item[2].kind })
      end
      on_choice(items[1], 1)
    end
    local tick = vim.api.nvim_buf_get_changedtick(bufnr)
    vim.lsp.buf.code_action({ only = { 'source.fixAll.jweixin-migrate' } })
    wait_for('the fix-all edit in ' .. file, 20000, function()
      return vim.api.nvim_buf_get_changedtick(bufnr) > tick
    end)
    vim.cmd('write')
    wait_for('no diagnostics left in ' .. file, 20000, function()
      return #vim.diagnostic.get(bufnr) == 0
    end)
    table.insert(report.files, { file = file, diagnostics = seen, actions = offered })
  end
  report.nvim = vim.version()
end)

if not ok then
  report.error = tostring(err)
end
vim.fn.writefile({ vim.fn.json_encode(report) }, report_path)
vim.cmd('qall!')
