-- The README's Neovim 0.8-0.10 set-up, written for 0.7 (Debian 12's neovim), which has neither
-- vim.lsp.start (0.8) nor vim.lsp.config (0.11): one client, attached to every Python buffer.
-- ADAMW_LENS_CMD holds the command as a JSON list (the test runs the repository's bin/adamw-lens.js).
local cmd = vim.fn.json_decode(os.getenv('ADAMW_LENS_CMD'))
local client_id = vim.lsp.start_client({
  name = 'adamw-lens',
  cmd = cmd,
  root_dir = vim.fn.getcwd(),
  -- 0.7 answers no workspace/configuration: settings reach the server only this way.
  init_options = { settings = { rules = { ['s1-sweep'] = 'error' } } },
})
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'python',
  callback = function(args) vim.lsp.buf_attach_client(args.buf, client_id) end,
})
