-- Drives the language server through Neovim's own LSP client, headless, and writes what happened to
-- $ADAMW_LENS_OUT as JSON: the s1-sweep diagnostic arrives, hover shows on it, the S2 code action is
-- applied with Neovim's edit function, the file is written, and the diagnostic goes away.
local result = { steps = {} }
local function finish()
  local f = io.open(os.getenv('ADAMW_LENS_OUT'), 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qall!')
end
local function s1()
  for _, d in ipairs(vim.diagnostic.get(0)) do
    if d.code == 's1-sweep' then return d end
  end
end
local ok, err = pcall(function()
  if not vim.wait(90000, function() return s1() ~= nil end, 100) then error('no s1-sweep diagnostic') end
  local d = s1()
  table.insert(result.steps, 'diagnostic')
  result.diagnostic = { line = d.lnum, col = d.col, message = d.message, severity = d.severity }

  local position = { line = d.lnum, character = d.col }
  local hover = vim.lsp.buf_request_sync(0, 'textDocument/hover',
    { textDocument = vim.lsp.util.make_text_document_params(), position = position }, 30000)
  for _, answer in pairs(hover or {}) do
    if answer.result then result.hover = answer.result.contents.value end
  end
  table.insert(result.steps, 'hover')

  local actions = vim.lsp.buf_request_sync(0, 'textDocument/codeAction', {
    textDocument = vim.lsp.util.make_text_document_params(),
    range = { start = position, ['end'] = { line = d.end_lnum, character = d.end_col } },
    context = { diagnostics = {} },
  }, 30000)
  result.actions = {}
  local s2
  for _, answer in pairs(actions or {}) do
    for _, action in ipairs(answer.result or {}) do
      table.insert(result.actions, { title = action.title, command = action.command and action.command.command or '' })
      if action.title:find('^Sweep S2') then s2 = action end
    end
  end
  if not s2 then error('no S2 action') end
  vim.lsp.util.apply_workspace_edit(s2.edit, 'utf-16')
  vim.cmd('write')
  table.insert(result.steps, 'fix')

  if not vim.wait(60000, function() return s1() == nil end, 100) then error('the s1-sweep diagnostic stayed') end
  table.insert(result.steps, 'cleared')
end)
if not ok then result.error = tostring(err) end
finish()
