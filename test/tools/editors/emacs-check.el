;;; emacs-check.el --- the language server through Emacs's eglot, in batch  -*- lexical-binding: t -*-
;; Opens $ADAMW_LENS_FILE in python-mode with eglot running $ADAMW_LENS_CMD (a JSON list), then writes what
;; happened to $ADAMW_LENS_OUT as JSON: the s1-sweep diagnostic arrives through flymake, hover shows on
;; it, the S2 code action is applied with eglot's own edit function, the file is saved and the
;; diagnostic goes away. The README's eglot set-up is the `eglot-server-programs' line below.
;; Run without -Q: Debian's site start-up puts elpa-eglot on the load path.
(require 'eglot)
(require 'json)
(require 'seq)

(setq python-indent-guess-indent-offset-verbose nil
      eglot-sync-connect t
      eglot-send-changes-idle-time 0.1)
(add-to-list 'eglot-server-programs
             `(python-mode . ,(append (json-read-from-string (getenv "ADAMW_LENS_CMD")) nil)))
;; Settings, answered through workspace/configuration (the README's form).
(setq-default eglot-workspace-configuration '((:adamwLens . (:rules (:s1-sweep "error")))))

(defvar adamw-result (list (cons 'steps [])))
(defun adamw-note (key value) (setf (alist-get key adamw-result) value))
(defun adamw-step (name) (adamw-note 'steps (vconcat (alist-get 'steps adamw-result) (list name))))
(defun adamw-finish ()
  (with-temp-file (getenv "ADAMW_LENS_OUT") (insert (json-encode adamw-result)))
  (kill-emacs 0))

(defun adamw-s1 ()
  (seq-find (lambda (d) (string-match-p "S1 sweep" (flymake-diagnostic-text d))) (flymake-diagnostics)))
(defun adamw-wait (predicate seconds)
  "Processes server messages and timers until PREDICATE holds or SECONDS pass."
  (let ((deadline (+ (float-time) seconds)) (ok nil))
    (while (and (not (setq ok (funcall predicate))) (< (float-time) deadline))
      (accept-process-output nil 0.1)
      (flymake-start)) ; batch mode runs no post-command-hook, where flymake would start itself
    ok))

(condition-case err
    (progn
      (find-file (getenv "ADAMW_LENS_FILE"))
      (python-mode)
      (apply #'eglot (eglot--guess-contact))
      (flymake-mode 1)
      (unless (adamw-wait #'adamw-s1 90) (error "no s1-sweep diagnostic"))
      (adamw-step "diagnostic")
      (let* ((d (adamw-s1))
             (beg (flymake-diagnostic-beg d))
             (end (flymake-diagnostic-end d))
             (server (eglot--current-server-or-lose)))
        (adamw-note 'diagnostic (flymake-diagnostic-text d))
        (adamw-note 'severity (symbol-name (flymake-diagnostic-type d)))
        (goto-char beg)
        (let ((hover (jsonrpc-request server :textDocument/hover (eglot--TextDocumentPositionParams))))
          (adamw-note 'hover (plist-get (plist-get hover :contents) :value)))
        (adamw-step "hover")
        (let* ((actions (jsonrpc-request server :textDocument/codeAction
                                         (list :textDocument (eglot--TextDocumentIdentifier)
                                               :range (list :start (eglot--pos-to-lsp-position beg)
                                                            :end (eglot--pos-to-lsp-position end))
                                               :context (list :diagnostics []))))
               (s2 (seq-find (lambda (a) (string-prefix-p "Sweep S2" (plist-get a :title))) actions)))
          (adamw-note 'actions (vconcat (seq-map (lambda (a) (list (cons 'title (plist-get a :title))
                                                                   (cons 'command (or (plist-get (plist-get a :command) :command) ""))))
                                                 actions)))
          (unless s2 (error "no S2 action"))
          (eglot--apply-workspace-edit (plist-get s2 :edit))
          (save-buffer)
          (adamw-step "fix")))
      (unless (adamw-wait (lambda () (not (adamw-s1))) 60) (error "the s1-sweep diagnostic stayed"))
      (adamw-step "cleared"))
  (error (adamw-note 'error (error-message-string err))))
(adamw-finish)
