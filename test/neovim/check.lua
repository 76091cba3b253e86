-- Attaches the smtp-codes language server to the current buffer in headless Neovim (0.7+),
-- waits for diagnostics, asks for a hover, and writes what arrived as JSON to $SMTP_CODES_RESULT.
local server = os.getenv('SMTP_CODES_SERVER')
local result_path = os.getenv('SMTP_CODES_RESULT')
local hover_line = tonumber(os.getenv('SMTP_CODES_HOVER_LINE'))
local hover_col = tonumber(os.getenv('SMTP_CODES_HOVER_COL'))

local function finish(result)
  local file = io.open(result_path, 'w')
  file:write(vim.fn.json_encode(result))
  file:close()
  vim.cmd('qa!')
end

local client_id = vim.lsp.start_client({
  name = 'smtp-codes',
  cmd = { 'node', server, '--stdio' },
  root_dir = vim.fn.getcwd(),
})
if not client_id then
  finish({ error = 'start_client failed' })
  return
end
vim.lsp.buf_attach_client(0, client_id)

local ok = vim.wait(15000, function()
  return #vim.diagnostic.get(0) > 0
end, 100)
local diagnostics = {}
for _, d in ipairs(vim.diagnostic.get(0)) do
  table.insert(diagnostics, { line = d.lnum, severity = d.severity, message = d.message, code = d.code, source = d.source })
end

local params = {
  textDocument = { uri = vim.uri_from_bufnr(0) },
  position = { line = hover_line, character = hover_col },
}
local responses = vim.lsp.buf_request_sync(0, 'textDocument/hover', params, 10000) or {}
local hover = nil
for _, response in pairs(responses) do
  if response.result and response.result.contents then
    hover = response.result.contents.value or response.result.contents
  end
end
finish({ waited = ok, diagnostics = diagnostics, hover = hover })
